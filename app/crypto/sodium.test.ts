import { describe, expect, it } from "vitest";
import { loadSodium } from "./sodium";

describe("loadSodium", () => {
  it("loads the standard build once and caches the instance", async () => {
    const [a, b] = await Promise.all([loadSodium(), loadSodium()]);
    expect(a).toBe(b);
    expect(await loadSodium()).toBe(a);
    expect(typeof a.crypto_box_seal).toBe("function");
    expect(typeof a.crypto_kdf_derive_from_key).toBe("function");
    expect(a.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES).toBe(24);
    // Argon2id and SHA-256 come from hash-wasm (hashes.ts): the browser's build has neither.
    expect("crypto_pwhash" in a).toBe(false);
  });
});
