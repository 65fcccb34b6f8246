import { describe, expect, it } from "vitest";
import { KDF_V1 } from "~/domain/accounts/kdf-policy";
import { CryptoError } from "~/domain/formats/crypto-error";
import { deriveAccountKeys } from "./account-keys";
import { answerKeyWork, buffersOf, errorOfReply } from "./key-work";

const SALT = "AAECAwQFBgcICQoLDA0ODw";
const PASSPHRASE = "a passphrase for the worker";

describe("key work, as the worker answers it", () => {
  it("gives what the core function gives for the same arguments", async () => {
    const direct = await deriveAccountKeys(PASSPHRASE, SALT, KDF_V1);
    const reply = await answerKeyWork({ id: 7, op: "deriveAccountKeys", args: [PASSPHRASE, SALT, KDF_V1] });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.id).toBe(7);
    const value = reply.value as Awaited<ReturnType<typeof deriveAccountKeys>>;
    expect(value.authKey).toBe(direct.authKey);
    expect(value.wrapKey).toEqual(direct.wrapKey);
  });

  it("keeps a CryptoError's code across the boundary, and names other failures without their message", async () => {
    const reply = await answerKeyWork({ id: 1, op: "deriveAccountKeys", args: [PASSPHRASE, "not a salt", KDF_V1] });
    expect(reply).toMatchObject({ id: 1, ok: false, code: "malformed" });
    if (reply.ok) throw new Error("expected a refusal");
    const error = errorOfReply(reply);
    expect(error).toBeInstanceOf(CryptoError);
    expect((error as CryptoError).code).toBe("malformed");

    const odd = await answerKeyWork({ id: 2, op: "createAccountKeys", args: [] });
    expect(odd).toMatchObject({ id: 2, ok: false });
    if (odd.ok) throw new Error("expected a refusal");
    expect(errorOfReply(odd)).not.toBeInstanceOf(CryptoError);
    expect(odd.message).not.toContain(PASSPHRASE);
  });

  it("loads libsodium when asked, before any job, or Argon2id alone", async () => {
    expect(await answerKeyWork({ id: 3, op: "load", args: [] })).toEqual({ id: 3, ok: true, value: null });
    expect(await answerKeyWork({ id: 4, op: "load", args: [false] })).toEqual({ id: 4, ok: true, value: null });
  });

  it("runs a job from the table it is given, and refuses a name that table lacks", async () => {
    const ops = { echo: async (text: string) => `echo ${text}` };
    expect(await answerKeyWork({ id: 5, op: "echo", args: ["hi"] }, ops)).toEqual({ id: 5, ok: true, value: "echo hi" });
    expect(await answerKeyWork({ id: 6, op: "deriveAccountKeys", args: [PASSPHRASE, SALT, KDF_V1] }, ops)).toMatchObject({ id: 6, ok: false, code: "unsupported" });
    expect(await answerKeyWork({ id: 7, op: "toString", args: [] })).toMatchObject({ id: 7, ok: false, code: "unsupported" });
  });
});

describe("buffersOf", () => {
  it("finds every byte array's buffer in a reply once, however deep", () => {
    const shared = new Uint8Array(8);
    const own = new Uint8Array(4);
    const value = { a: shared, b: { c: shared.subarray(2), d: [own], e: "text", f: 3, g: null } };
    const found = buffersOf(value);
    expect(found).toHaveLength(2);
    expect(found).toContain(shared.buffer);
    expect(found).toContain(own.buffer);
    expect(buffersOf("no bytes")).toEqual([]);
  });
});
