import type { UnlockedKeys } from "./account-keys";
import { fromB64, toB64 } from "./encoding";
import { loadSodium, type Sodium } from "./sodium";
import { CryptoError } from "~/domain/formats/crypto-error";
import { base64UrlLength } from "~/domain/formats/envelope-shape";
import {
  findMessageTextProblem,
  isMessageCiphertextLength,
  MESSAGE_CIPHERTEXT_MAX_BYTES,
  MESSAGE_HEADER_BYTES,
  MESSAGE_NONCE_BYTES,
  MESSAGE_PADDING_BLOCK_BYTES,
  MESSAGE_VERSION,
  type MessageEnvelope,
} from "~/domain/formats/message-shape";
import { isLowerCaseUuid } from "~/domain/formats/uuid";

/**
 * Messages between a mentor and a mentee — decision 028, step by step:
 *
 *   header = version (1 byte, 0x01) ‖ conversation id ‖ sender id ‖ recipient id (16 bytes
 *            each, the UUIDs' bytes) ‖ sequence ‖ sent at, ms since 1970 UTC (8 bytes each,
 *            big-endian)
 *   header ‖ text (UTF-8) --sodium_pad to a multiple of 256 bytes-->
 *          --crypto_box_easy(random 24-byte nonce, the other's public key, own private key)-->
 *   { version: 1, nonce, ciphertext } (base64url)
 *
 * crypto_box's key is X25519 of one party's private key and the other's public key, the same
 * from either side: the recipient opens a message with the sender's public key, and the
 * sender reads their own sent message with the recipient's public key. Nobody else can open
 * or make one, the server included. Conversation, direction and sequence are inside the box,
 * so a message moved to another conversation, shown in the other direction or served twice
 * is caught: the first two by `openMessage`, the last by `acceptSequence`.
 *
 * Ids are the lower-case UUIDs the database hands out. Failures throw CryptoError:
 * 'malformed' (bad input, shape, length or padding, or a text that may not be sent),
 * 'unsupported' (an unknown version), 'wrong-key' (not this pair's message, altered, or
 * moved to another conversation or direction). Nothing here logs.
 */

/** Who a message is between: the conversation and its direction. */
export type MessageParties = { conversationId: string; senderId: string; recipientId: string };
/** What only the two of them can read. `sentAt` is the sender's clock. */
export type MessageContent = { sequence: number; sentAt: Date; text: string };

/** Each sender numbers their messages in a conversation 1, 2, 3, … */
export const FIRST_SEQUENCE = 1;

const KEY_BYTES = 32;
const UUID_BYTES = 16;
const SEQUENCE_AT = 1 + 3 * UUID_BYTES;
const SENT_AT_AT = SEQUENCE_AT + 8;

// ---------------------------------------------------------------------------------------
// The API

/**
 * Seals a message from the sender's keys to the recipient's public key (the key the
 * sender's browser pinned for them). Refuses, before any key work, ids that are not
 * lower-case UUIDs or name the same account twice, a sequence that is not a whole number
 * from 1, a time before 1970, and a text `findMessageTextProblem` refuses.
 */
export async function sealMessage(
  message: MessageParties & MessageContent,
  senderKeys: UnlockedKeys,
  recipientPublicKey: string,
): Promise<MessageEnvelope> {
  const sodium = await loadSodium();
  const plaintext = encodePlaintext(sodium, message);
  try {
    const nonce = sodium.randombytes_buf(MESSAGE_NONCE_BYTES);
    const ciphertext = withSharedKey(sodium, senderKeys, recipientPublicKey, (key) => sodium.crypto_box_easy_afternm(plaintext, nonce, key));
    return { version: MESSAGE_VERSION, nonce: toB64(sodium, nonce), ciphertext: toB64(sodium, ciphertext) };
  } finally {
    sodium.memzero(plaintext);
  }
}

/**
 * Opens a message of the conversation and direction `expected` (from the stored row and
 * the conversation, never from the message). `readerKeys` are the recipient's, with the
 * sender's public key as `counterpartPublicKey`, or the sender's own, with the recipient's.
 * Feed the returned sequence to `acceptSequence`.
 */
export async function openMessage(
  envelope: MessageEnvelope,
  expected: MessageParties,
  readerKeys: UnlockedKeys,
  counterpartPublicKey: string,
): Promise<MessageContent> {
  const sodium = await loadSodium();
  const { nonce, ciphertext } = readEnvelope(sodium, envelope);
  const parties = encodeParties(sodium, expected);
  const padded = withSharedKey(sodium, readerKeys, counterpartPublicKey, (key) => {
    try {
      return sodium.crypto_box_open_easy_afternm(ciphertext, nonce, key);
    } catch {
      throw new CryptoError("wrong-key", "message did not authenticate");
    }
  });
  try {
    return decodePlaintext(sodium, padded, parties);
  } finally {
    sodium.memzero(padded);
  }
}

export type SequenceVerdict =
  | { accepted: true; lastSeen: number; missing: number }
  | { accepted: false; reason: "replayed" | "out-of-order" };

/**
 * The replay guard for one direction of one conversation. Start from `lastSeen` 0 (or the
 * sequence before the first message shown) and feed each opened message in the order the
 * server lists them; keep `lastSeen` of each accepted one. Each sender's numbers must go up:
 * the same number again is a replay, a lower one a replay of an older message or a
 * reordering (refused alike). A number that skips ahead is accepted, and `missing` says how
 * many messages in between were not delivered.
 */
export function acceptSequence(lastSeen: number, sequence: number): SequenceVerdict {
  if (!Number.isSafeInteger(lastSeen) || lastSeen < 0) throw new CryptoError("malformed", "last seen sequence must be a whole number from 0");
  checkSequence(sequence);
  if (sequence === lastSeen) return { accepted: false, reason: "replayed" };
  if (sequence < lastSeen) return { accepted: false, reason: "out-of-order" };
  return { accepted: true, lastSeen: sequence, missing: sequence - lastSeen - 1 };
}

// ---------------------------------------------------------------------------------------
// Steps

/** Runs `apply` with crypto_box's shared key of the pair (HSalsa20 of the X25519 result), then wipes it. */
export function withSharedKey<T>(sodium: Sodium, ownKeys: UnlockedKeys, counterpartPublicKey: string, apply: (key: Uint8Array) => T): T {
  const publicKey = fromB64(sodium, counterpartPublicKey, KEY_BYTES, "public key");
  if (ownKeys.privateKey.length !== KEY_BYTES) throw new CryptoError("malformed", "private key must be 32 bytes");
  let key: Uint8Array;
  try {
    key = sodium.crypto_box_beforenm(publicKey, ownKeys.privateKey);
  } catch {
    // libsodium refuses public keys that give an all-zero shared secret (low-order points).
    throw new CryptoError("malformed", "public key is not usable");
  }
  try {
    return apply(key);
  } finally {
    sodium.memzero(key);
  }
}

/** header ‖ text, padded to whole blocks; the caller wipes it after use. */
function encodePlaintext(sodium: Sodium, message: MessageParties & MessageContent): Uint8Array {
  const parties = encodeParties(sodium, message);
  checkSequence(message.sequence);
  const sentAt = message.sentAt.getTime();
  if (!Number.isSafeInteger(sentAt) || sentAt < 0) throw new CryptoError("malformed", "sending time must be a valid time from 1970");
  const problem = findMessageTextProblem(message.text);
  if (problem !== null) throw new CryptoError("malformed", `message text cannot be sent (${problem})`);
  const text = new TextEncoder().encode(message.text);
  const bytes = new Uint8Array(MESSAGE_HEADER_BYTES + text.length);
  bytes.set(parties);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(SEQUENCE_AT, BigInt(message.sequence));
  view.setBigUint64(SENT_AT_AT, BigInt(sentAt));
  bytes.set(text, MESSAGE_HEADER_BYTES);
  sodium.memzero(text);
  try {
    return sodium.pad(bytes, MESSAGE_PADDING_BLOCK_BYTES);
  } finally {
    sodium.memzero(bytes);
  }
}

/** The header's first part: version ‖ conversation id ‖ sender id ‖ recipient id. */
function encodeParties(sodium: Sodium, parties: MessageParties): Uint8Array {
  const { conversationId, senderId, recipientId } = parties;
  if (![conversationId, senderId, recipientId].every(isLowerCaseUuid)) {
    throw new CryptoError("malformed", "conversation, sender and recipient ids must be lower-case UUIDs");
  }
  if (senderId === recipientId) throw new CryptoError("malformed", "sender and recipient must be two accounts");
  const bytes = new Uint8Array(SEQUENCE_AT);
  bytes[0] = MESSAGE_VERSION;
  [conversationId, senderId, recipientId].forEach((id, i) => bytes.set(sodium.from_hex(id.replaceAll("-", "")), 1 + i * UUID_BYTES));
  return bytes;
}

/** Reads an unpadded box: its parties must be `parties` exactly ('wrong-key' if not), then the numbers and the text. */
function decodePlaintext(sodium: Sodium, padded: Uint8Array, parties: Uint8Array): MessageContent {
  let bytes: Uint8Array;
  try {
    bytes = sodium.unpad(padded, MESSAGE_PADDING_BLOCK_BYTES);
  } catch {
    throw new CryptoError("malformed", "message is not padded");
  }
  try {
    if (bytes.length <= MESSAGE_HEADER_BYTES) throw new CryptoError("malformed", "message has no text");
    if (!sodium.memcmp(bytes.subarray(0, SEQUENCE_AT), parties)) {
      throw new CryptoError("wrong-key", "message belongs to another conversation or direction");
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sequence = readNumber(view.getBigUint64(SEQUENCE_AT), "sequence");
    checkSequence(sequence);
    const sentAt = new Date(readNumber(view.getBigUint64(SENT_AT_AT), "sending time"));
    if (Number.isNaN(sentAt.getTime())) throw new CryptoError("malformed", "message sending time is out of range");
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(MESSAGE_HEADER_BYTES));
    } catch {
      throw new CryptoError("malformed", "message text is not UTF-8");
    }
    if (findMessageTextProblem(text) !== null) throw new CryptoError("malformed", "message text is not one that can be sent");
    return { sequence, sentAt, text };
  } finally {
    sodium.memzero(bytes); // unpad returns a copy
  }
}

function readEnvelope(sodium: Sodium, envelope: MessageEnvelope): { nonce: Uint8Array; ciphertext: Uint8Array } {
  const { version } = envelope;
  if (!Number.isSafeInteger(version) || version < 1) throw new CryptoError("malformed", "message has no version");
  if (version !== MESSAGE_VERSION) throw new CryptoError("unsupported", "unknown message version");
  const nonce = fromB64(sodium, envelope.nonce, MESSAGE_NONCE_BYTES, "message nonce");
  // Bound the length before decoding what the server sent.
  if (envelope.ciphertext.length > base64UrlLength(MESSAGE_CIPHERTEXT_MAX_BYTES)) throw new CryptoError("malformed", "message ciphertext is too long");
  const ciphertext = fromB64(sodium, envelope.ciphertext, undefined, "message ciphertext");
  if (!isMessageCiphertextLength(ciphertext.length)) throw new CryptoError("malformed", "message ciphertext has an impossible length");
  return { nonce, ciphertext };
}

function readNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CryptoError("malformed", `message ${what} is out of range`);
  return Number(value);
}

function checkSequence(sequence: number): void {
  if (!Number.isSafeInteger(sequence) || sequence < FIRST_SEQUENCE) throw new CryptoError("malformed", "sequence must be a whole number from 1");
}
