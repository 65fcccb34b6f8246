import { describe, expect, it } from "vitest";
import { AUTH_KEY_HASH_MEMLIMIT, dummyAuthKeyHash, hashAuthKey, verifyAuthKey } from "~/auth/auth-key-hash.server";
import { toB64 } from "~/crypto/encoding";
import { CryptoError } from "~/domain/formats/crypto-error";
import { loadSodium } from "~/crypto/sodium";

// A PHC string made by the reference Argon2 library (kat/make-vectors.py), t=2, m=19 MiB.
const REFERENCE = {
  authKey: "gaeQIuNocnlPb3Nv6ZssKCU3NturqrgIdOq4cUTLTwo",
  hash: "$argon2id$v=19$m=19456,t=2,p=1$AAECAwQFBgcICQoLDA0ODw$oVKIzk3SHwWqaDWpORjALvLqm6R6nFPT9Qv2HeRgonc",
};

async function randomAuthKey(): Promise<string> {
  const sodium = await loadSodium();
  return toB64(sodium, sodium.randombytes_buf(32));
}

describe("auth key hashes", () => {
  it("hashes with Argon2id t=2, m=19 MiB and verifies", async () => {
    expect(AUTH_KEY_HASH_MEMLIMIT).toBe(19 * 1024 * 1024);
    const authKey = await randomAuthKey();
    const hash = await hashAuthKey(authKey);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashAuthKey(authKey)).not.toBe(hash); // salted
    expect(await verifyAuthKey(hash, authKey)).toBe(true);
    expect(await verifyAuthKey(hash, await randomAuthKey())).toBe(false);
    expect(await verifyAuthKey(hash, authKey.slice(0, -1))).toBe(false);
  });

  it("verifies a hash made by the reference implementation", async () => {
    expect(await verifyAuthKey(REFERENCE.hash, REFERENCE.authKey)).toBe(true);
    expect(await verifyAuthKey(REFERENCE.hash, await randomAuthKey())).toBe(false);
  });

  it("returns false, not a throw, for malformed hashes", async () => {
    const authKey = await randomAuthKey();
    for (const hash of ["", "nonsense", "$argon2id$v=19$m=19456,t=2,p=1$", REFERENCE.hash.slice(0, -5), "$2b$10$abcdefghijklmnopqrstuv"]) {
      expect(await verifyAuthKey(hash, authKey)).toBe(false);
    }
  });

  it("refuses to hash something that is not a 32-byte base64url key", async () => {
    await expect(hashAuthKey("password")).rejects.toThrow(CryptoError);
    await expect(hashAuthKey("")).rejects.toThrow(CryptoError);
  });

  it("keeps one dummy hash per process that no key matches", async () => {
    const [a, b] = await Promise.all([dummyAuthKeyHash(), dummyAuthKeyHash()]);
    expect(a).toBe(b);
    expect(a).toMatch(/^\$argon2id\$/);
    expect(await verifyAuthKey(a, await randomAuthKey())).toBe(false);
  });
});
