/**
 * What a signed-in browser needs to unlock (or re-wrap) its private key: the KDF salt and
 * parameters, the public key and the passphrase-wrapped private key. None of it is secret.
 */
export type KeyMaterial = {
  kdfSalt: string;
  kdfOpslimit: number;
  kdfMemlimit: number;
  publicKey: string;
  wrappedPrivateKey: string;
};
