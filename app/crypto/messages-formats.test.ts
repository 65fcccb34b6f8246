import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toB64 } from "./encoding";
import { loadSodium } from "./sodium";
import { openMessage, sealMessage } from "./messages";
import { mutatedStrings, rejects } from "./crypto-test-helpers";
import { CryptoError } from "~/domain/formats/crypto-error";
import { isMessageEnvelopeShape, type MessageEnvelope } from "~/domain/formats/message-shape";
import { between, CONVERSATION, MENTOR, pair, person, read, send, SENT_AT, STRANGER } from "./message-test-helpers";

// What sealing and opening a message refuse before any cryptography: versions, encodings,
// ids, sequence numbers, times and keys; and that the server's shape check agrees.

describe("formats and inputs", () => {
  it.each([2, 3, 255])("refuses version %s as unsupported, before any key work", async (version) => {
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "版本");
    const stranger = await person(STRANGER);
    await rejects(openMessage({ ...envelope, version }, between(mentor, mentee), stranger.keys, mentor.keys.publicKey), "unsupported");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses version %s as malformed", async (version) => {
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "版本");
    await rejects(read({ ...envelope, version }, mentor, mentee, mentee), "malformed");
  });

  it("refuses a nonce or ciphertext that is not canonical base64url of the right length", async () => {
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "格式");
    for (const nonce of ["", envelope.nonce.slice(1), `${envelope.nonce}A`, `${envelope.nonce}=`, envelope.nonce.replace(/.$/, "+")]) {
      await rejects(read({ ...envelope, nonce }, mentor, mentee, mentee), "malformed");
    }
    for (const ciphertext of ["", envelope.ciphertext.slice(1), `${envelope.ciphertext}=`, `${envelope.ciphertext.slice(0, -1)}/`]) {
      await rejects(read({ ...envelope, ciphertext }, mentor, mentee, mentee), "malformed");
    }
  });

  it("the server's shape check agrees with what opening accepts", async () => {
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "形状");
    const outcome = (candidate: MessageEnvelope) =>
      read(candidate, mentor, mentee, mentee).then(
        () => "opened",
        (e: unknown) => (e instanceof CryptoError ? e.code : "other"),
      );
    const nearMisses = fc.oneof(
      mutatedStrings([envelope.nonce]).map((nonce) => ({ ...envelope, nonce })),
      mutatedStrings([envelope.ciphertext]).map((ciphertext) => ({ ...envelope, ciphertext })),
      fc.integer({ min: -2, max: 3 }).map((version) => ({ ...envelope, version })),
    );
    await fc.assert(
      fc.asyncProperty(nearMisses, async (candidate) => {
        const result = await outcome(candidate);
        if (isMessageEnvelopeShape(candidate)) expect(["opened", "wrong-key"]).toContain(result);
        else expect(["malformed", "unsupported"]).toContain(result);
      }),
      { numRuns: 300 },
    );
  });

  it.each(["", "not-a-uuid", MENTOR.toUpperCase(), ` ${MENTOR}`, MENTOR.replaceAll("-", "")])("refuses the id %j on sealing and opening", async (bad) => {
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "ids");
    for (const parties of [
      { ...between(mentor, mentee), conversationId: bad },
      { ...between(mentor, mentee), senderId: bad },
      { ...between(mentor, mentee), recipientId: bad },
    ]) {
      await rejects(sealMessage({ ...parties, sequence: 1, sentAt: SENT_AT, text: "ids" }, mentor.keys, mentee.keys.publicKey), "malformed");
      await rejects(openMessage(envelope, parties, mentee.keys, mentor.keys.publicKey), "malformed");
    }
  });

  it("refuses a message to oneself", async () => {
    const { mentor, mentee } = await pair();
    const parties = { conversationId: CONVERSATION, senderId: MENTOR, recipientId: MENTOR };
    await rejects(sealMessage({ ...parties, sequence: 1, sentAt: SENT_AT, text: "me" }, mentor.keys, mentee.keys.publicKey), "malformed");
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])("refuses to seal sequence %s", async (sequence) => {
    const { mentor, mentee } = await pair();
    await rejects(send(mentor, mentee, "seq", sequence), "malformed");
  });

  it("seals the largest safe sequence and the earliest and latest times", async () => {
    const { mentor, mentee } = await pair();
    for (const sentAt of [new Date(0), new Date(8.64e15)]) {
      const envelope = await sealMessage({ ...between(mentor, mentee), sequence: Number.MAX_SAFE_INTEGER, sentAt, text: "边界" }, mentor.keys, mentee.keys.publicKey);
      expect(await read(envelope, mentor, mentee, mentee)).toEqual({ sequence: Number.MAX_SAFE_INTEGER, sentAt, text: "边界" });
    }
  });

  it.each([new Date(Number.NaN), new Date(-1)])("refuses to seal the time %s", async (sentAt) => {
    const { mentor, mentee } = await pair();
    await rejects(sealMessage({ ...between(mentor, mentee), sequence: 1, sentAt, text: "time" }, mentor.keys, mentee.keys.publicKey), "malformed");
  });

  it("refuses public keys that are not 32 bytes or not usable, and private keys that are not 32 bytes", async () => {
    const sodium = await loadSodium();
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "keys");
    const message = { ...between(mentor, mentee), sequence: 1, sentAt: SENT_AT, text: "keys" };
    for (const publicKey of ["", "AAAA", `${mentee.keys.publicKey}A`, toB64(sodium, new Uint8Array(32))]) {
      await rejects(sealMessage(message, mentor.keys, publicKey), "malformed");
      await rejects(openMessage(envelope, between(mentor, mentee), mentee.keys, publicKey), "malformed");
    }
    const shortKey = { ...mentor.keys, privateKey: mentor.keys.privateKey.subarray(0, 31) };
    await rejects(sealMessage(message, shortKey, mentee.keys.publicKey), "malformed");
    await rejects(openMessage(envelope, between(mentor, mentee), shortKey, mentee.keys.publicKey), "malformed");
  });
});
