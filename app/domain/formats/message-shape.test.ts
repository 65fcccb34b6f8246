import { describe, expect, it } from "vitest";
import {
  findMessageTextProblem,
  isMessageCiphertextLength,
  isMessageEnvelopeShape,
  MESSAGE_CIPHERTEXT_MAX_BYTES,
  MESSAGE_HEADER_BYTES,
  MESSAGE_PLAINTEXT_MAX_BYTES,
  MESSAGE_TEXT_MAX_BYTES,
} from "./message-shape";

// 24 bytes and 272 bytes (one block and the MAC) of base64url.
const NONCE = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
const ONE_BLOCK = "A".repeat(363); // 363 characters carry 272 bytes
const ENVELOPE = { version: 1, nonce: NONCE, ciphertext: ONE_BLOCK };

describe("message sizes", () => {
  it("fits the longest text and its header in sixteen blocks", () => {
    expect(MESSAGE_HEADER_BYTES).toBe(65);
    expect(MESSAGE_PLAINTEXT_MAX_BYTES).toBe(4096);
    expect(MESSAGE_CIPHERTEXT_MAX_BYTES).toBe(4112);
    expect(MESSAGE_HEADER_BYTES + MESSAGE_TEXT_MAX_BYTES).toBeLessThan(MESSAGE_PLAINTEXT_MAX_BYTES);
  });

  it.each([
    [272, true],
    [16 + 256 * 16, true],
    [16 + 256 * 17, false],
    [16, false],
    [271, false],
    [273, false],
    [0, false],
    [-1, false],
    [Number.NaN, false],
    [272.5, false],
  ])("a ciphertext of %s bytes is a possible length: %s", (bytes, possible) => {
    expect(isMessageCiphertextLength(bytes)).toBe(possible);
  });
});

describe("findMessageTextProblem", () => {
  it.each([
    ["好", null],
    ["a".repeat(MESSAGE_TEXT_MAX_BYTES), null],
    ["a".repeat(MESSAGE_TEXT_MAX_BYTES + 1), "tooLong"],
    ["好".repeat(1333), null], // 3,999 bytes
    ["好".repeat(1334), "tooLong"], // 4,002 bytes
    ["é".repeat(2000), null], // 2 bytes each
    ["é".repeat(2001), "tooLong"],
    ["🙏".repeat(1000), null], // 4 bytes each
    ["🙏".repeat(1000) + "a", "tooLong"],
    ["👨‍👩‍👧 一家人", null], // joiners are fine in a message
    ["", "empty"],
    [" \n\t", "empty"],
    ["\u3000", "empty"],
    ["a\ud83d", "characters"],
    ["\ude4fa", "characters"],
  ])("%j → %s", (text, problem) => {
    expect(findMessageTextProblem(text)).toBe(problem);
  });
});

describe("isMessageEnvelopeShape", () => {
  it("accepts a version-1 envelope with a 24-byte nonce and whole blocks", () => {
    expect(isMessageEnvelopeShape(ENVELOPE)).toBe(true);
    expect(isMessageEnvelopeShape({ ...ENVELOPE, ciphertext: "A".repeat(5483) })).toBe(true); // 4,112 bytes
  });

  it.each([
    ["version 2", { ...ENVELOPE, version: 2 }],
    ["version 0", { ...ENVELOPE, version: 0 }],
    ["a short nonce", { ...ENVELOPE, nonce: NONCE.slice(4) }],
    ["a padded nonce", { ...ENVELOPE, nonce: `${NONCE}=` }],
    ["a ciphertext a byte short", { ...ENVELOPE, ciphertext: "A".repeat(362) }],
    ["a ciphertext past sixteen blocks", { ...ENVELOPE, ciphertext: "A".repeat(5824) }],
    ["a far too long ciphertext", { ...ENVELOPE, ciphertext: "A".repeat(1_000_000) }],
    ["a ciphertext outside base64url", { ...ENVELOPE, ciphertext: `${ONE_BLOCK.slice(1)}+` }],
    ["no ciphertext", { ...ENVELOPE, ciphertext: "" }],
  ])("refuses %s", (_name, envelope) => {
    expect(isMessageEnvelopeShape(envelope)).toBe(false);
  });
});
