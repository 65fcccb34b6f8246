import { describe, expect, it } from "vitest";
import { createAccountKeys, deriveAccountKeys, unwrapPrivateKey } from "./account-keys";
import { KDF_V1 } from "~/domain/accounts/kdf-policy";
import { toB64 } from "./encoding";
import { CryptoError } from "~/domain/formats/crypto-error";
import { loadSodium } from "./sodium";

// The production KDF policy (not replaced here): KDF v1 works and weaker parameters are refused.
// Each Argon2id run below costs ~0.3 s and 64 MiB.

// From kat/make-vectors.py with the reference Argon2id (libargon2), opslimit 3, memlimit 64 MiB.
const KAT_V1 = {
  passphrase: "Ｔｏｎｇｘｉｎｇ 同行 correct horse",
  kdfSalt: "AAECAwQFBgcICQoLDA0ODw",
  authKey: "9JuWDwJYrgE5hgqdZfWkI74Bv7gA9hzHI4_FEY74qcQ",
  wrapKey: "9fAFvp_YihJsKmtj2BdxuBX2jSExmp70XK_JvUPrp3Q",
};

describe("KDF v1 (production parameters)", () => {
  it("is opslimit 3, 64 MiB", () => {
    expect(KDF_V1).toEqual({ opslimit: 3, memlimit: 67108864 });
  });

  it("derives the known answer", async () => {
    const sodium = await loadSodium();
    const keys = await deriveAccountKeys(KAT_V1.passphrase, KAT_V1.kdfSalt, KDF_V1);
    expect(keys.authKey).toBe(KAT_V1.authKey);
    expect(toB64(sodium, keys.wrapKey)).toBe(KAT_V1.wrapKey);
  });

  it("signs up with the default parameters and signs in again", async () => {
    const sodium = await loadSodium();
    const { upload, keys } = await createAccountKeys("a passphrase for KDF v1");
    expect(upload.kdfOpslimit).toBe(3);
    expect(upload.kdfMemlimit).toBe(64 * 1024 * 1024);
    const signIn = await deriveAccountKeys("a passphrase for KDF v1", upload.kdfSalt, KDF_V1);
    expect(signIn.authKey).toBe(upload.authKey);
    const privateKey = await unwrapPrivateKey(upload.wrappedPrivateKey, signIn.wrapKey, "passphrase");
    expect(toB64(sodium, privateKey)).toBe(toB64(sodium, keys.privateKey));
  });

  it.each([
    ["too few passes", { opslimit: 2, memlimit: 64 * 1024 * 1024 }],
    ["too little memory", { opslimit: 10, memlimit: 64 * 1024 * 1024 - 1024 }],
    ["too many passes", { opslimit: 11, memlimit: 64 * 1024 * 1024 }],
    ["too much memory", { opslimit: 3, memlimit: 256 * 1024 * 1024 + 1024 }],
  ])("refuses server parameters with %s (KDF downgrade or tab freeze)", async (_name, params) => {
    const error: unknown = await deriveAccountKeys(KAT_V1.passphrase, KAT_V1.kdfSalt, params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CryptoError);
    expect((error as CryptoError).code).toBe("unsupported");
    const signUp: unknown = await createAccountKeys(KAT_V1.passphrase, params).catch((e: unknown) => e);
    expect((signUp as CryptoError).code).toBe("unsupported");
  });
});
