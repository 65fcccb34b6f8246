import { describe, expect, it } from "vitest";
import { loadSodium } from "./sodium";

describe("loadSodium", () => {
  it("loads the sumo build once and caches the instance", async () => {
    const [a, b] = await Promise.all([loadSodium(), loadSodium()]);
    expect(a).toBe(b);
    expect(await loadSodium()).toBe(a);
    expect(typeof a.crypto_pwhash).toBe("function");
    expect(typeof a.crypto_pwhash_str).toBe("function");
    expect(a.crypto_pwhash_ALG_ARGON2ID13).toBe(2);
    expect(a.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES).toBe(24);
  });
});
