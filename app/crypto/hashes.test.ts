import { createHash, randomBytes } from "node:crypto";
import sumo from "libsodium-wrappers-sumo";
import { describe, expect, it } from "vitest";
import { KDF_BOUNDS } from "~/domain/accounts/kdf-policy";
import { argon2id, sha256Hasher } from "./hashes";

describe("argon2id", () => {
  it("gives what libsodium's crypto_pwhash (Argon2id v1.3) gives, for the same inputs", async () => {
    await sumo.ready;
    const cases = [
      { password: "correct horse 同行 ☃", opslimit: 3, memlimit: KDF_BOUNDS.minMemlimit, length: 32 },
      { password: "another one", opslimit: 4, memlimit: KDF_BOUNDS.minMemlimit + 1024 * 1024, length: 64 },
    ];
    for (const { password, opslimit, memlimit, length } of cases) {
      const salt = new Uint8Array(randomBytes(16));
      const bytes = new TextEncoder().encode(password);
      const expected = sumo.crypto_pwhash(length, bytes, salt, opslimit, memlimit, sumo.crypto_pwhash_ALG_ARGON2ID13);
      expect(await argon2id(bytes, salt, { opslimit, memlimit }, length)).toEqual(expected);
    }
  });
});

describe("sha256Hasher", () => {
  it("hashes each input afresh, as node's SHA-256 does", async () => {
    const sha256 = await sha256Hasher();
    for (const input of [new Uint8Array(0), new Uint8Array(randomBytes(20)), new Uint8Array(randomBytes(100))]) {
      expect(Buffer.from(sha256(input)).toString("hex")).toBe(createHash("sha256").update(input).digest("hex"));
    }
  });
});
