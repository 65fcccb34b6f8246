import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CryptoError } from "~/domain/formats/crypto-error";
import { keepTabKeysSoon, readTabKeys, storeTabKeys } from "~/features/keys/tab-keys.client";
import { TAB_KEYS_STORAGE_KEY, wipeTabKeys } from "~/features/keys/wipe-tab-keys.client";
import { MemoryStorage } from "~/features/keys/session-storage-test-helpers";

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

const tabKeyOf = (fill: number) => Buffer.from(new Uint8Array(32).fill(fill)).toString("base64url");
/** The server's answer for this session: its tab key, or null once the session has ended. */
let serverTabKey: string | null;
const source = async () => serverTabKey;
beforeEach(() => {
  serverTabKey = tabKeyOf(7);
});

/** Every way the private key's bytes could be written down. */
function forms(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  return [buffer.toString("base64url"), buffer.toString("base64"), buffer.toString("hex"), [...bytes].join(",")];
}

describe("tab keys", () => {
  it("keeps keys still being opened: a read waits for them; keys that did not open keep nothing", async () => {
    let open!: (keys: { publicKey: string; privateKey: Uint8Array } | null) => void;
    keepTabKeysSoon(new Promise((resolve) => (open = resolve)), source);
    const reading = readTabKeys(source);
    expect(storage.items.size).toBe(0);
    open({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
    expect(await reading).toEqual({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });

    wipeTabKeys();
    keepTabKeysSoon(Promise.resolve(null), source);
    expect(await readTabKeys(source)).toBeNull();
    keepTabKeysSoon(Promise.reject(new CryptoError("wrong-key", "did not open")), source);
    expect(await readTabKeys(source)).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("is null until stored, round-trips, and is wiped", async () => {
    expect(await readTabKeys(source)).toBeNull();
    expect(await storeTabKeys({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }, source)).toBe(true);
    expect(await readTabKeys(source)).toEqual({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY });
    wipeTabKeys();
    expect(await readTabKeys(source)).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("never writes the private key itself: only a copy sealed under the session's tab key", async () => {
    await storeTabKeys({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }, source);
    const raw = storage.getItem(TAB_KEYS_STORAGE_KEY) ?? "";
    expect(JSON.parse(raw)).toMatchObject({ v: 2, publicKey: PUBLIC_KEY, sealedPrivateKey: expect.stringMatching(/^v1\.xc20p\./) });
    for (const form of [...forms(PRIVATE_KEY), serverTabKey ?? ""]) expect(raw).not.toContain(form);
  });

  it("opens no more once the session's tab key is gone or replaced, and wipes what it cannot open", async () => {
    await storeTabKeys({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }, source);
    serverTabKey = null; // signed out elsewhere, expired, or the server is unreachable
    expect(await readTabKeys(source)).toBeNull();
    expect(storage.items.size).toBe(1);
    serverTabKey = tabKeyOf(8); // a new session: another key
    expect(await readTabKeys(source)).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("keeps nothing when no tab key can be had", async () => {
    serverTabKey = null;
    expect(await storeTabKeys({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }, source)).toBe(false);
    expect(storage.items.size).toBe(0);
  });

  it("binds the sealed key to its public key: a swapped public key does not open", async () => {
    await storeTabKeys({ publicKey: PUBLIC_KEY, privateKey: PRIVATE_KEY }, source);
    const stored = JSON.parse(storage.getItem(TAB_KEYS_STORAGE_KEY) ?? "{}") as Record<string, unknown>;
    storage.setItem(TAB_KEYS_STORAGE_KEY, JSON.stringify({ ...stored, publicKey: tabKeyOf(9) }));
    expect(await readTabKeys(source)).toBeNull();
  });

  it("refuses to store keys of the wrong shape", async () => {
    await expect(storeTabKeys({ publicKey: "short", privateKey: PRIVATE_KEY }, source)).rejects.toThrow(CryptoError);
    await expect(storeTabKeys({ publicKey: PUBLIC_KEY, privateKey: new Uint8Array(31) }, source)).rejects.toThrow(CryptoError);
    expect(storage.items.size).toBe(0);
  });

  it.each([
    "not json",
    "null",
    "{}",
    // The first version kept the private key in the clear: wiped on sight.
    JSON.stringify({ v: 1, publicKey: PUBLIC_KEY, privateKey: "EBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8" }),
    JSON.stringify({ v: 2, publicKey: PUBLIC_KEY, sealedPrivateKey: "AAAA" }),
  ])("wipes an entry it cannot read and reports nothing unlocked: %s", async (raw) => {
    storage.setItem(TAB_KEYS_STORAGE_KEY, raw);
    expect(await readTabKeys(source)).toBeNull();
    expect(storage.items.size).toBe(0);
  });
});
