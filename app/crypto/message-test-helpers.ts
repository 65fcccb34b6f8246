/** The people, conversation and message helpers that messages.test.ts and messages-formats.test.ts share. */
import type { UnlockedKeys } from "./account-keys";
import { fromB64, toB64 } from "./encoding";
import { loadSodium } from "./sodium";
import { FIRST_SEQUENCE, openMessage, sealMessage, type MessageContent, type MessageParties } from "./messages";
import type { MessageEnvelope } from "~/domain/formats/message-shape";
import KAT from "./kat/message-vectors.json";

export const CONVERSATION = "6d1f0c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2c";
export const OTHER_CONVERSATION = "6d1f0c2a-3b4e-4f5a-8b6c-7d8e9f0a1b2d";
export const MENTOR = "1a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";
export const MENTEE = "9f8e7d6c-5b4a-4f3e-8d2c-1b0a9f8e7d6c";
export const STRANGER = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
export const SENT_AT = new Date("2026-12-04T19:30:00.123Z");

export type Person = { id: string; keys: UnlockedKeys };

export async function person(id: string): Promise<Person> {
  const sodium = await loadSodium();
  const pair = sodium.crypto_box_keypair();
  return { id, keys: { publicKey: toB64(sodium, pair.publicKey), privateKey: pair.privateKey } };
}

/**
 * The mentor or the mentee of kat/message-vectors.json, made without libsodium by
 * kat/make-message-vectors.py (crypto_box from kat/box_reference.py: X25519 and Poly1305 from
 * `cryptography`, Salsa20 written out): one message each way, with fixed nonces.
 */
export async function katPerson(which: "mentor" | "mentee"): Promise<Person> {
  const sodium = await loadSodium();
  const { userId, publicKey, privateKey } = KAT[which];
  return { id: userId, keys: { publicKey, privateKey: fromB64(sodium, privateKey, 32) } };
}

export function between(from: Person, to: Person, conversationId = CONVERSATION): MessageParties {
  return { conversationId, senderId: from.id, recipientId: to.id };
}

/** Seals `text` from `from` to `to` (sequence 1 unless told). */
export function send(from: Person, to: Person, text: string, sequence = FIRST_SEQUENCE): Promise<MessageEnvelope> {
  return sealMessage({ ...between(from, to), sequence, sentAt: SENT_AT, text }, from.keys, to.keys.publicKey);
}

/** `reader` (the sender or the recipient) opens a message of the direction from → to. */
export function read(envelope: MessageEnvelope, from: Person, to: Person, reader: Person): Promise<MessageContent> {
  const counterpart = reader === from ? to : from;
  return openMessage(envelope, between(from, to), reader.keys, counterpart.keys.publicKey);
}

export async function pair(): Promise<{ mentor: Person; mentee: Person }> {
  return { mentor: await person(MENTOR), mentee: await person(MENTEE) };
}

/** Boxes raw plaintext bytes as a message from `from` to `to`: what only one of the two could make. */
export async function boxRaw(plaintext: Uint8Array, from: Person, to: Person): Promise<MessageEnvelope> {
  const sodium = await loadSodium();
  const nonce = sodium.randombytes_buf(24);
  const ciphertext = sodium.crypto_box_easy(plaintext, nonce, fromB64(sodium, to.keys.publicKey, 32), from.keys.privateKey);
  return { version: 1, nonce: toB64(sodium, nonce), ciphertext: toB64(sodium, ciphertext) };
}

/** Flips bit `bit` of a base64url value's bytes, keeping it canonical. */
export async function flipBit(text: string, bit: number): Promise<string> {
  const sodium = await loadSodium();
  const bytes = fromB64(sodium, text);
  bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (1 << (bit & 7));
  return toB64(sodium, bytes);
}

export async function ciphertextBytes(envelope: MessageEnvelope): Promise<number> {
  return fromB64(await loadSodium(), envelope.ciphertext).length;
}
