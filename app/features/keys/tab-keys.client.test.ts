import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CryptoError } from "~/domain/formats/crypto-error";
import { readTabKeys, storeTabKeys, TAB_KEYS_STORAGE_KEY, wipeTabKeys } from "~/features/keys/tab-keys.client";

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const PUBLIC_KEY = "2J47rXlDfb7Z-ENBgwT0YP8Fx_6B_kqVd6gEy5Nn_2Y";
const PRIVATE_KEY = Uint8Array.from({ length: 32 }, (_, i) => 0x10 + i);

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal("sessionStorage", storage);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("tab keys", () => {
  it("is null until stored, round-trips, and is wiped", () => {
    expect(readTabKeys()).toBeNull();
    storeTabKeys({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
    const raw = storage.getItem(TAB_KEYS_STORAGE_KEY) ?? "";
    expect(JSON.parse(raw)).toEqual({ v: 1, publicKey: PUBLIC_KEY, privateKey: "EBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8" });
    expect(readTabKeys()).toEqual({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
    wipeTabKeys();
    expect(readTabKeys()).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("round-trips bytes that need every base64url character", () => {
    const privateKey = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 251) & 0xff);
    privateKey[0] = 0xfb;
    privateKey[1] = 0xff;
    storeTabKeys({ publicKey: PUBLIC_KEY, privateKey });
    expect(readTabKeys()?.privateKey).toEqual(privateKey);
  });

  it("refuses to store keys of the wrong shape", () => {
    expect(() => storeTabKeys({ publicKey: "short", privateKey: PRIVATE_KEY })).toThrow(CryptoError);
    expect(() => storeTabKeys({ publicKey: PUBLIC_KEY, privateKey: new Uint8Array(31) })).toThrow(CryptoError);
    expect(storage.items.size).toBe(0);
  });

  it.each(["not json", "null", "{}", JSON.stringify({ v: 2, publicKey: PUBLIC_KEY, privateKey: PUBLIC_KEY }), JSON.stringify({ v: 1, publicKey: PUBLIC_KEY, privateKey: "AAAA" })])(
    "wipes an unreadable entry and reports it as malformed: %s",
    (raw) => {
      storage.setItem(TAB_KEYS_STORAGE_KEY, raw);
      expect(() => readTabKeys()).toThrow(expect.objectContaining({ code: "malformed" }));
      expect(readTabKeys()).toBeNull();
    },
  );
});
