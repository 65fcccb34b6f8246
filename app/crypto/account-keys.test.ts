import { describe, expect, it, vi } from "vitest";
import {
  createAccountKeys,
  deriveAccountKeys,
  deriveRecoveryKeys,
  passphraseForKeys,
  publicKeyFromPrivate,
  unwrapPrivateKey,
} from "./account-keys";
import { fromB64, toB64 } from "./encoding";
import { isBase64UrlOfBytes, isEnvelopeShape } from "~/domain/formats/envelope-shape";
import { loadSodium } from "./sodium";
import { rejects } from "./crypto-test-helpers";
import { FAST, KAT, NEW_PASSPHRASE, PASSPHRASE, throwsCode } from "./account-keys-test-helpers";

// Account keys: the known answers, derivation, and signing up and in. Changing the
// passphrase or the recovery code, replacing the key pair and recovering are in
// account-keys-changes.test.ts.

// Tiny Argon2id parameters keep this file fast; production bounds are tested in
// account-keys-v1.test.ts, which does not replace the policy.
vi.mock("~/domain/accounts/kdf-policy", async (importOriginal) => ({
  ...(await importOriginal<typeof import("~/domain/accounts/kdf-policy")>()),
  KDF_BOUNDS: { minOpslimit: 1, maxOpslimit: 10, minMemlimit: 8192, maxMemlimit: 256 * 1024 * 1024 },
}));

describe("known answers", () => {
  it("derives the auth and wrap keys of the vector (NFKC applied)", async () => {
    const sodium = await loadSodium();
    const keys = await deriveAccountKeys(KAT.passphrase, KAT.kdfSalt, FAST);
    expect(keys.authKey).toBe(KAT.authKey);
    expect(toB64(sodium, keys.wrapKey)).toBe(KAT.wrapKey);
    // The same passphrase typed in half-width characters is the same passphrase.
    const halfWidth = await deriveAccountKeys("Tongxing 同行 correct horse", KAT.kdfSalt, FAST);
    expect(halfWidth.authKey).toBe(KAT.authKey);
  });

  it("derives the recovery keys of the vector", async () => {
    const sodium = await loadSodium();
    const keys = await deriveRecoveryKeys(KAT.recoveryCode);
    expect(keys.authKey).toBe(KAT.recoveryAuthKey);
    expect(toB64(sodium, keys.wrapKey)).toBe(KAT.recoveryWrapKey);
  });

  it("unwraps the vector's wrapped private key and finds its public key", async () => {
    const sodium = await loadSodium();
    const { wrapKey } = await deriveAccountKeys(KAT.passphrase, KAT.kdfSalt, FAST);
    const privateKey = await unwrapPrivateKey(KAT.passphraseWrapped, wrapKey, "passphrase");
    expect(toB64(sodium, privateKey)).toBe(KAT.privateKey);
    expect(await publicKeyFromPrivate(privateKey)).toBe(KAT.publicKey);
  });
});

describe("derivation", () => {
  it("gives different auth keys for different passphrases and salts, and auth key ≠ wrap key", async () => {
    const sodium = await loadSodium();
    const a = await deriveAccountKeys(PASSPHRASE, KAT.kdfSalt, FAST);
    const b = await deriveAccountKeys(NEW_PASSPHRASE, KAT.kdfSalt, FAST);
    const c = await deriveAccountKeys(PASSPHRASE, toB64(sodium, new Uint8Array(16).fill(1)), FAST);
    const d = await deriveAccountKeys(PASSPHRASE, KAT.kdfSalt, { opslimit: 3, memlimit: FAST.memlimit });
    expect(new Set([a.authKey, b.authKey, c.authKey, d.authKey]).size).toBe(4);
    expect(a.authKey).not.toBe(toB64(sodium, a.wrapKey));
    expect(isBase64UrlOfBytes(a.authKey, 32)).toBe(true);
    expect(a.wrapKey).toHaveLength(32);
  });

  it("does not trim the passphrase", async () => {
    const a = await deriveAccountKeys(PASSPHRASE, KAT.kdfSalt, FAST);
    const b = await deriveAccountKeys(` ${PASSPHRASE}`, KAT.kdfSalt, FAST);
    expect(a.authKey).not.toBe(b.authKey);
  });

  it("refuses a malformed salt and out-of-range parameters", async () => {
    await rejects(deriveAccountKeys(PASSPHRASE, "AAECAwQFBgcICQoLDA0O", FAST), "malformed");
    await rejects(deriveAccountKeys(PASSPHRASE, "not base64!", FAST), "malformed");
    await rejects(deriveAccountKeys(PASSPHRASE, KAT.kdfSalt, { opslimit: 0, memlimit: FAST.memlimit }), "unsupported");
    await rejects(deriveAccountKeys(PASSPHRASE, KAT.kdfSalt, { opslimit: 2.5, memlimit: FAST.memlimit }), "unsupported");
    await rejects(deriveAccountKeys(PASSPHRASE, KAT.kdfSalt, { opslimit: 2, memlimit: 1024 }), "unsupported");
    await rejects(deriveAccountKeys(PASSPHRASE, KAT.kdfSalt, { opslimit: 11, memlimit: FAST.memlimit }), "unsupported");
    await rejects(deriveAccountKeys(PASSPHRASE, KAT.kdfSalt, { opslimit: 2, memlimit: 512 * 1024 * 1024 }), "unsupported");
  });

  it("checks passphrase length after NFKC, strictly only for new passphrases", async () => {
    throwsCode(() => passphraseForKeys("123456789"), "malformed");
    expect(passphraseForKeys("1234567890")).toBe("1234567890");
    expect(passphraseForKeys("ｆｕｌｌｗｉｄｔｈ！！")).toBe("fullwidth!!");
    expect(passphraseForKeys("同".repeat(1024))).toHaveLength(1024);
    throwsCode(() => passphraseForKeys("x".repeat(1025)), "malformed");
    expect(passphraseForKeys("short", false)).toBe("short");
    throwsCode(() => passphraseForKeys("", false), "malformed");
    await rejects(createAccountKeys("too short", FAST), "malformed");
    await rejects(deriveAccountKeys("", KAT.kdfSalt, FAST), "malformed");
  });
});

describe("sign-up and sign-in", () => {
  it("creates an upload that signs in with the passphrase", async () => {
    const sodium = await loadSodium();
    const { upload, recoveryCode, keys } = await createAccountKeys(PASSPHRASE, FAST);
    expect(upload.kdfOpslimit).toBe(FAST.opslimit);
    expect(upload.kdfMemlimit).toBe(FAST.memlimit);
    expect(isBase64UrlOfBytes(upload.kdfSalt, 16)).toBe(true);
    expect(isBase64UrlOfBytes(upload.authKey, 32)).toBe(true);
    expect(isBase64UrlOfBytes(upload.recoveryAuthKey, 32)).toBe(true);
    expect(upload.publicKey).toBe(keys.publicKey);
    expect(isEnvelopeShape(upload.wrappedPrivateKey, 48)).toBe(true);
    expect(isEnvelopeShape(upload.recoveryWrappedPrivateKey, 48)).toBe(true);
    expect(recoveryCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(await publicKeyFromPrivate(keys.privateKey)).toBe(keys.publicKey);

    const signIn = await deriveAccountKeys(PASSPHRASE, upload.kdfSalt, { opslimit: upload.kdfOpslimit, memlimit: upload.kdfMemlimit });
    expect(signIn.authKey).toBe(upload.authKey);
    expect(signIn.authKey).not.toBe(upload.recoveryAuthKey);
    const privateKey = await unwrapPrivateKey(upload.wrappedPrivateKey, signIn.wrapKey, "passphrase");
    expect(toB64(sodium, privateKey)).toBe(toB64(sodium, keys.privateKey));

    // Two sign-ups never share salt, keys or code.
    const other = await createAccountKeys(PASSPHRASE, FAST);
    expect(other.upload.kdfSalt).not.toBe(upload.kdfSalt);
    expect(other.upload.authKey).not.toBe(upload.authKey);
    expect(other.keys.publicKey).not.toBe(keys.publicKey);
    expect(other.recoveryCode).not.toBe(recoveryCode);
  });

  it("refuses a wrong passphrase, the other purpose, and tampering as wrong-key", async () => {
    const sodium = await loadSodium();
    const { upload, recoveryCode } = await createAccountKeys(PASSPHRASE, FAST);
    const wrong = await deriveAccountKeys(`${PASSPHRASE}!`, upload.kdfSalt, FAST);
    expect(wrong.authKey).not.toBe(upload.authKey);
    await rejects(unwrapPrivateKey(upload.wrappedPrivateKey, wrong.wrapKey, "passphrase"), "wrong-key");

    const right = await deriveAccountKeys(PASSPHRASE, upload.kdfSalt, FAST);
    // Right key, wrong purpose (associated data).
    await rejects(unwrapPrivateKey(upload.wrappedPrivateKey, right.wrapKey, "recovery"), "wrong-key");
    // A recovery wrapping is not a passphrase wrapping, even under its own key.
    const recovery = await deriveRecoveryKeys(recoveryCode);
    await unwrapPrivateKey(upload.recoveryWrappedPrivateKey, recovery.wrapKey, "recovery");
    await rejects(unwrapPrivateKey(upload.recoveryWrappedPrivateKey, recovery.wrapKey, "passphrase"), "wrong-key");
    // Another account's recovery code does not open it.
    const otherCode = await deriveRecoveryKeys(KAT.recoveryCode);
    await rejects(unwrapPrivateKey(upload.recoveryWrappedPrivateKey, otherCode.wrapKey, "recovery"), "wrong-key");

    const [v, alg, nonce = "", ciphertext = ""] = upload.wrappedPrivateKey.split(".");
    const n = fromB64(sodium, nonce);
    n[0] = (n[0] ?? 0) ^ 0x80;
    await rejects(unwrapPrivateKey(`${v}.${alg}.${toB64(sodium, n)}.${ciphertext}`, right.wrapKey, "passphrase"), "wrong-key");
    const c = fromB64(sodium, ciphertext);
    c[5] = (c[5] ?? 0) ^ 1;
    await rejects(unwrapPrivateKey(`${v}.${alg}.${nonce}.${toB64(sodium, c)}`, right.wrapKey, "passphrase"), "wrong-key");
    const truncated = toB64(sodium, fromB64(sodium, ciphertext).subarray(0, -8));
    await rejects(unwrapPrivateKey(`${v}.${alg}.${nonce}.${truncated}`, right.wrapKey, "passphrase"), "wrong-key");
    await rejects(unwrapPrivateKey(upload.wrappedPrivateKey.slice(0, 50), right.wrapKey, "passphrase"), "malformed");
    await rejects(unwrapPrivateKey(upload.wrappedPrivateKey.replace(/^v1/, "v2"), right.wrapKey, "passphrase"), "unsupported");
    await rejects(unwrapPrivateKey(upload.wrappedPrivateKey, right.wrapKey.subarray(0, 16), "passphrase"), "malformed");
  });

  it("refuses a wrapped value that is not a 32-byte key", async () => {
    const sodium = await loadSodium();
    const { wrapKey } = await deriveAccountKeys(KAT.passphrase, KAT.kdfSalt, FAST);
    const nonce = sodium.randombytes_buf(24);
    const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(new Uint8Array(31), "tongxing.private-key.passphrase.v1", null, nonce, wrapKey);
    await rejects(unwrapPrivateKey(`v1.xc20p.${toB64(sodium, nonce)}.${toB64(sodium, ct)}`, wrapKey, "passphrase"), "malformed");
  });
});
