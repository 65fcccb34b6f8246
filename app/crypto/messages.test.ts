import { describe, expect, it } from "vitest";
import { fromB64, toB64 } from "./encoding";
import { loadSodium } from "./sodium";
import { acceptSequence, openMessage, sealMessage, type MessageContent } from "./messages";
import { rejects } from "./crypto-test-helpers";
import { CryptoError, type CryptoErrorCode } from "~/domain/formats/crypto-error";
import {
  isMessageEnvelopeShape,
  MESSAGE_CIPHERTEXT_MAX_BYTES,
  MESSAGE_PADDING_BLOCK_BYTES,
  MESSAGE_TEXT_MAX_BYTES,
  type MessageEnvelope,
} from "~/domain/formats/message-shape";
import KAT from "./kat/message-vectors.json";
import { between, boxRaw, ciphertextBytes, flipBit, katPerson, OTHER_CONVERSATION, pair, person, read, send, SENT_AT, STRANGER } from "./message-test-helpers";

// Sealing and opening messages between a mentor and a mentee: known answers (kat/, made
// without libsodium), who can open what, what is bound, and the replay guard. What is refused
// before any cryptography is in messages-formats.test.ts.

describe("known answers", () => {
  const vectors = [
    ["mentor to mentee", KAT.mentorToMentee, "mentor", "mentee"],
    ["mentee to mentor", KAT.menteeToMentor, "mentee", "mentor"],
  ] as const;

  it.each(vectors)("the recipient and the sender both open the %s vector", async (_name, vector, senderName, recipientName) => {
    const [sender, recipient] = [await katPerson(senderName), await katPerson(recipientName)];
    const expected = { conversationId: KAT.conversationId, senderId: vector.senderId, recipientId: vector.recipientId };
    const content = { sequence: vector.sequence, sentAt: new Date(vector.sentAt), text: vector.text };
    expect(isMessageEnvelopeShape(vector.envelope)).toBe(true);
    expect(await openMessage(vector.envelope, expected, recipient.keys, sender.keys.publicKey)).toEqual(content);
    expect(await openMessage(vector.envelope, expected, sender.keys, recipient.keys.publicKey)).toEqual(content);
  });

  it.each(vectors)("sealing the %s vector's message writes exactly its plaintext", async (_name, vector, senderName, recipientName) => {
    const sodium = await loadSodium();
    const [sender, recipient] = [await katPerson(senderName), await katPerson(recipientName)];
    const message = { conversationId: KAT.conversationId, senderId: vector.senderId, recipientId: vector.recipientId, sequence: vector.sequence, sentAt: new Date(vector.sentAt), text: vector.text };
    const envelope = await sealMessage(message, sender.keys, recipient.keys.publicKey);
    expect(envelope.version).toBe(1);
    expect(envelope.nonce).not.toBe(vector.envelope.nonce);
    const plaintext = sodium.crypto_box_open_easy(
      fromB64(sodium, envelope.ciphertext),
      fromB64(sodium, envelope.nonce, 24),
      fromB64(sodium, sender.keys.publicKey, 32),
      recipient.keys.privateKey,
    );
    expect(toB64(sodium, plaintext)).toBe(vector.plaintext);
  });
});

describe("sealing and opening", () => {
  it("round-trips mentor to mentee and mentee to mentor, and each sender reads their own message", async () => {
    const { mentor, mentee } = await pair();
    const down = await send(mentor, mentee, "今天怎么样？有空的话，晚上一起散步吧。");
    const up = await send(mentee, mentor, "好的 👍\n七点见。", 1);
    for (const reader of [mentee, mentor]) {
      expect(await read(down, mentor, mentee, reader)).toEqual({ sequence: 1, sentAt: SENT_AT, text: "今天怎么样？有空的话，晚上一起散步吧。" });
      expect(await read(up, mentee, mentor, reader)).toEqual({ sequence: 1, sentAt: SENT_AT, text: "好的 👍\n七点见。" });
    }
  });

  it("uses a fresh nonce each time and carries nothing but version, nonce and ciphertext", async () => {
    const { mentor, mentee } = await pair();
    const a = await send(mentor, mentee, "同一句话");
    const b = await send(mentor, mentee, "同一句话");
    expect(Object.keys(a).sort()).toEqual(["ciphertext", "nonce", "version"]);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(isMessageEnvelopeShape(a)).toBe(true);
  });

  it("pads to whole blocks, so a short and a longer message look alike", async () => {
    const { mentor, mentee } = await pair();
    const short = await send(mentor, mentee, "好");
    const longer = await send(mentor, mentee, "好".repeat(60)); // 180 bytes: header and text still fit one block
    const twoBlocks = await send(mentor, mentee, "好".repeat(64)); // 192 bytes: 257 with the header
    expect(await ciphertextBytes(short)).toBe(MESSAGE_PADDING_BLOCK_BYTES + 16);
    expect(await ciphertextBytes(longer)).toBe(MESSAGE_PADDING_BLOCK_BYTES + 16);
    expect(await ciphertextBytes(twoBlocks)).toBe(2 * MESSAGE_PADDING_BLOCK_BYTES + 16);
  });

  it("takes a text of exactly the limit in UTF-8 bytes and refuses one byte more", async () => {
    const { mentor, mentee } = await pair();
    const cases = ["a".repeat(MESSAGE_TEXT_MAX_BYTES), "好".repeat(1333) + "a", "🙏".repeat(1000)];
    for (const text of cases) {
      const envelope = await send(mentor, mentee, text);
      expect(await ciphertextBytes(envelope)).toBe(MESSAGE_CIPHERTEXT_MAX_BYTES);
      expect(isMessageEnvelopeShape(envelope)).toBe(true);
      expect((await read(envelope, mentor, mentee, mentee)).text).toBe(text);
    }
    for (const text of ["a".repeat(MESSAGE_TEXT_MAX_BYTES + 1), "好".repeat(1334), "🙏".repeat(1000) + "a"]) {
      await rejects(send(mentor, mentee, text), "malformed");
    }
  });

  it.each(["", " ", "\n\t ", "\u3000"])("refuses the empty text %j", async (text) => {
    const { mentor, mentee } = await pair();
    await rejects(send(mentor, mentee, text), "malformed");
  });

  it("refuses a lone surrogate, which has no UTF-8 form", async () => {
    const { mentor, mentee } = await pair();
    await rejects(send(mentor, mentee, "ok \ud83d"), "malformed");
    await rejects(send(mentor, mentee, "\ude4f ok"), "malformed");
  });
});

describe("who can open, and what is bound", () => {
  it("a third key pair cannot open a message, with either party's public key", async () => {
    const { mentor, mentee } = await pair();
    const stranger = await person(STRANGER);
    const envelope = await send(mentor, mentee, "只给你看");
    for (const counterpart of [mentor, mentee]) {
      await rejects(openMessage(envelope, between(mentor, mentee), stranger.keys, counterpart.keys.publicKey), "wrong-key");
    }
    // Nor does a party with the wrong counterpart key (e.g. a key the server swapped in).
    await rejects(openMessage(envelope, between(mentor, mentee), mentee.keys, stranger.keys.publicKey), "wrong-key");
  });

  it("a message made by anyone else in a party's name is refused (the server cannot forge one)", async () => {
    const { mentor, mentee } = await pair();
    const stranger = await person(STRANGER);
    // The stranger seals to the mentee, claiming to be the mentor.
    const forged = await sealMessage({ ...between(mentor, mentee), sequence: 1, sentAt: SENT_AT, text: "来这个地址" }, stranger.keys, mentee.keys.publicKey);
    await rejects(read(forged, mentor, mentee, mentee), "wrong-key");
  });

  it("refuses a message moved to another conversation", async () => {
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "这是我们之间的话");
    for (const reader of [mentee, mentor]) {
      const counterpart = reader === mentor ? mentee : mentor;
      await rejects(openMessage(envelope, between(mentor, mentee, OTHER_CONVERSATION), reader.keys, counterpart.keys.publicKey), "wrong-key");
    }
  });

  it("refuses a message shown in the other direction, or as from or to another account", async () => {
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "我说的");
    // Reflected: the mentor's own message shown to him as if the mentee had written it.
    await rejects(openMessage(envelope, between(mentee, mentor), mentor.keys, mentee.keys.publicKey), "wrong-key");
    await rejects(openMessage(envelope, between(mentee, mentor), mentee.keys, mentor.keys.publicKey), "wrong-key");
    const stranger = await person(STRANGER);
    await rejects(openMessage(envelope, { ...between(mentor, mentee), senderId: stranger.id }, mentee.keys, mentor.keys.publicKey), "wrong-key");
    await rejects(openMessage(envelope, { ...between(mentor, mentee), recipientId: stranger.id }, mentee.keys, mentor.keys.publicKey), "wrong-key");
  });

  it("refuses every single flipped bit of the nonce and of the ciphertext", async () => {
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "一个字也不能改");
    const nonceBits = 24 * 8;
    const ciphertextBits = (await ciphertextBytes(envelope)) * 8;
    let refused = 0;
    for (let bit = 0; bit < nonceBits; bit++) {
      await rejects(read({ ...envelope, nonce: await flipBit(envelope.nonce, bit) }, mentor, mentee, mentee), "wrong-key");
      refused++;
    }
    for (let bit = 0; bit < ciphertextBits; bit++) {
      await rejects(read({ ...envelope, ciphertext: await flipBit(envelope.ciphertext, bit) }, mentor, mentee, mentee), "wrong-key");
      refused++;
    }
    expect(refused).toBe(nonceBits + ciphertextBits);
  });

  it("refuses a ciphertext cut or extended, even by whole blocks", async () => {
    const sodium = await loadSodium();
    const { mentor, mentee } = await pair();
    const envelope = await send(mentor, mentee, "完整");
    const bytes = fromB64(sodium, envelope.ciphertext);
    const cut = (n: number) => ({ ...envelope, ciphertext: toB64(sodium, bytes.subarray(0, bytes.length - n)) });
    await rejects(read(cut(1), mentor, mentee, mentee), "malformed");
    await rejects(read(cut(MESSAGE_PADDING_BLOCK_BYTES), mentor, mentee, mentee), "malformed"); // the MAC alone
    const longer = new Uint8Array(bytes.length + MESSAGE_PADDING_BLOCK_BYTES);
    longer.set(bytes);
    await rejects(read({ ...envelope, ciphertext: toB64(sodium, longer) }, mentor, mentee, mentee), "wrong-key");
    await rejects(read({ ...envelope, ciphertext: toB64(sodium, new Uint8Array(MESSAGE_CIPHERTEXT_MAX_BYTES + MESSAGE_PADDING_BLOCK_BYTES)) }, mentor, mentee, mentee), "malformed");
  });
});

describe("what only a party could have boxed, and is still refused", () => {
  /** The KAT plaintext of the mentor's message, changed by `change`, boxed by the mentor to the mentee and opened by the mentee. */
  async function openChanged(change: (plaintext: Uint8Array) => Uint8Array): Promise<MessageContent> {
    const sodium = await loadSodium();
    const [mentor, mentee] = [await katPerson("mentor"), await katPerson("mentee")];
    const plaintext = change(fromB64(sodium, KAT.mentorToMentee.plaintext));
    const envelope = await boxRaw(plaintext, mentor, mentee);
    return openMessage(envelope, { conversationId: KAT.conversationId, senderId: mentor.id, recipientId: mentee.id }, mentee.keys, mentor.keys.publicKey);
  }

  const set = (at: number, ...values: number[]) => (p: Uint8Array) => {
    p.set(values, at);
    return p;
  };
  const header = 65;
  const textBytes = new TextEncoder().encode(KAT.mentorToMentee.text).length;

  it("opens the plaintext unchanged (the check of the checks)", async () => {
    expect((await openChanged((p) => p)).text).toBe(KAT.mentorToMentee.text);
  });

  it.each<[string, (p: Uint8Array) => Uint8Array, CryptoErrorCode]>([
    ["another version byte inside", set(0, 2), "wrong-key"],
    ["sequence 0", set(49, 0, 0, 0, 0, 0, 0, 0, 0), "malformed"],
    ["a sequence past the largest safe number", set(49, 0x00, 0x20, 0, 0, 0, 0, 0, 0), "malformed"],
    ["a sending time past what a date can hold", set(57, 0x00, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "malformed"],
    ["text that is not UTF-8", set(header, 0xff), "malformed"],
    ["text that is only white space", (p) => p.fill(0x20, header, header + textBytes), "malformed"],
    ["no padding marker", set(header + textBytes, 0x00), "malformed"],
    ["a header and no text", (p) => p.fill(0, header).fill(0x80, header, header + 1), "malformed"],
    ["an empty box", () => new Uint8Array(0), "malformed"],
  ])("refuses %s", async (_name, change, code) => {
    await rejects(openChanged(change), code);
  });
});

describe("the replay guard", () => {
  it("accepts each sender's numbers going up, and says how many were skipped", () => {
    expect(acceptSequence(0, 1)).toEqual({ accepted: true, lastSeen: 1, missing: 0 });
    expect(acceptSequence(1, 2)).toEqual({ accepted: true, lastSeen: 2, missing: 0 });
    expect(acceptSequence(2, 5)).toEqual({ accepted: true, lastSeen: 5, missing: 2 });
    expect(acceptSequence(0, 3)).toEqual({ accepted: true, lastSeen: 3, missing: 2 });
  });

  it("refuses the same number again as replayed, and a lower one as out of order", () => {
    expect(acceptSequence(3, 3)).toEqual({ accepted: false, reason: "replayed" });
    expect(acceptSequence(3, 2)).toEqual({ accepted: false, reason: "out-of-order" });
    expect(acceptSequence(3, 1)).toEqual({ accepted: false, reason: "out-of-order" });
  });

  it.each<[number, number]>([
    [-1, 1],
    [1.5, 2],
    [Number.NaN, 1],
    [0, 0],
    [0, 1.5],
    [0, Number.MAX_SAFE_INTEGER + 1],
  ])("refuses the numbers last seen %s, sequence %s", (lastSeen, sequence) => {
    expect(() => acceptSequence(lastSeen, sequence)).toThrow(CryptoError);
  });

  it("catches a history the server served with a message twice or two messages swapped", async () => {
    const { mentor, mentee } = await pair();
    const sent = [await send(mentor, mentee, "一", 1), await send(mentor, mentee, "二", 2), await send(mentor, mentee, "三", 3)];
    const [one, two, three] = sent;
    if (one === undefined || two === undefined || three === undefined) throw new Error("set-up");

    async function verdicts(history: MessageEnvelope[]): Promise<string[]> {
      let lastSeen = 0;
      const out: string[] = [];
      for (const envelope of history) {
        const verdict = acceptSequence(lastSeen, (await read(envelope, mentor, mentee, mentee)).sequence);
        if (verdict.accepted) lastSeen = verdict.lastSeen;
        out.push(verdict.accepted ? `ok+${verdict.missing}` : verdict.reason);
      }
      return out;
    }

    expect(await verdicts([one, two, three])).toEqual(["ok+0", "ok+0", "ok+0"]);
    expect(await verdicts([one, two, two, three])).toEqual(["ok+0", "ok+0", "replayed", "ok+0"]);
    expect(await verdicts([one, three, two])).toEqual(["ok+0", "ok+1", "out-of-order"]);
    expect(await verdicts([one, two, three, one])).toEqual(["ok+0", "ok+0", "ok+0", "out-of-order"]);
    expect(await verdicts([one, three])).toEqual(["ok+0", "ok+1"]);
  });
});
