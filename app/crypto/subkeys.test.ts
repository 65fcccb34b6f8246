import { describe, expect, it } from "vitest";
import { deriveSubkey } from "./subkeys";
import { loadSodium } from "./sodium";

describe("deriveSubkey (crypto_kdf without libsodium)", () => {
  it("gives libsodium's bytes for every id, context and length the accounts use, and others", async () => {
    const sodium = await loadSodium();
    for (const context of ["txacct__", "txrecov_", "abcdefgh"]) {
      for (const id of [0, 1, 2, 255, 256, 2 ** 31 - 1]) {
        for (const bytes of [16, 32, 64]) {
          const master = sodium.randombytes_buf(32);
          expect(Buffer.from(deriveSubkey(bytes, id, context, master)).toString("hex")).toBe(
            Buffer.from(sodium.crypto_kdf_derive_from_key(bytes, id, context, master)).toString("hex"),
          );
        }
      }
    }
  });

  it("matches a fixed answer, so a change of library cannot move every account's keys", () => {
    const master = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(Buffer.from(deriveSubkey(32, 1, "txacct__", master)).toString("hex")).toMatchInlineSnapshot(`"41d4f13af1e67da7206deaf2769919781eb2858658e4e48133134f79d2b1a504"`);
  });

  it("refuses what libsodium refuses", () => {
    const master = new Uint8Array(32);
    expect(() => deriveSubkey(32, 1, "short", master)).toThrow(RangeError);
    expect(() => deriveSubkey(32, -1, "txacct__", master)).toThrow(RangeError);
    expect(() => deriveSubkey(32, 1, "txacct__", new Uint8Array(16))).toThrow(RangeError);
    expect(() => deriveSubkey(8, 1, "txacct__", master)).toThrow(RangeError);
    expect(() => deriveSubkey(65, 1, "txacct__", master)).toThrow(RangeError);
  });
});
