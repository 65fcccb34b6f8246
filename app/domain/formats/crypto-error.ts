/**
 * The one error type of the crypto core. Callers branch on `code`:
 * - `malformed`   the input is not in the expected shape (bad base64url, wrong length,
 *                 truncated envelope, passphrase too short or long, bad recovery code);
 * - `unsupported` the input names a format, algorithm or parameter set this code refuses;
 * - `wrong-key`   authentication failed: wrong key or passphrase, wrong purpose, or tampering.
 * Messages never contain key material, passphrases or recovery codes.
 */
export type CryptoErrorCode = "malformed" | "unsupported" | "wrong-key";

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.name = "CryptoError";
    this.code = code;
  }
}

export function isCryptoError(error: unknown, code?: CryptoErrorCode): error is CryptoError {
  return error instanceof CryptoError && (code === undefined || error.code === code);
}
