/**
 * Messages between a mentor and a mentee (decision 028), as the server stores them: a
 * version, a nonce and a ciphertext, nothing else of the message. Pure: the server checks
 * uploads with `isMessageEnvelopeShape` (it cannot open them), the browser checks what a
 * member typed with `findMessageTextProblem` before sealing it (app/crypto/messages.ts).
 */
import { base64UrlDecodedLength, base64UrlLength, isBase64UrlOfBytes } from "./envelope-shape";

/** The only format so far: crypto_box (X25519 + XSalsa20-Poly1305) between the two account key pairs. */
export const MESSAGE_VERSION = 1;
export const MESSAGE_NONCE_BYTES = 24;
export const MESSAGE_MAC_BYTES = 16;

/**
 * The longest text, in UTF-8 bytes: 4,000 letters or digits, about 1,333 Chinese characters
 * (3 bytes each). Bytes, not characters, because bytes are what the ciphertext carries.
 */
export const MESSAGE_TEXT_MAX_BYTES = 4000;

/**
 * Inside the box, the text follows a fixed header: version (1 byte), conversation id, sender
 * id, recipient id (16 bytes each), sequence and sending time (8 bytes each).
 */
export const MESSAGE_HEADER_BYTES = 1 + 3 * 16 + 8 + 8;

/**
 * Header and text are padded (ISO/IEC 7816-4, libsodium's sodium_pad: at least one byte) to a
 * whole number of blocks, so a ciphertext tells only roughly how long a message is.
 */
export const MESSAGE_PADDING_BLOCK_BYTES = 256;
export const MESSAGE_PLAINTEXT_MAX_BYTES =
  Math.ceil((MESSAGE_HEADER_BYTES + MESSAGE_TEXT_MAX_BYTES + 1) / MESSAGE_PADDING_BLOCK_BYTES) * MESSAGE_PADDING_BLOCK_BYTES;
/** The largest ciphertext the server stores (the MAC included). */
export const MESSAGE_CIPHERTEXT_MAX_BYTES = MESSAGE_PLAINTEXT_MAX_BYTES + MESSAGE_MAC_BYTES;

/** What the server stores of a message; the strings are base64url without padding. */
export type MessageEnvelope = { version: number; nonce: string; ciphertext: string };

export type MessageTextProblem = "empty" | "tooLong" | "characters";

/**
 * Why a text cannot be sent, or null: nothing but white space, more than
 * MESSAGE_TEXT_MAX_BYTES in UTF-8, or a lone surrogate (it has no UTF-8 form, so the
 * recipient would read something else than was typed).
 */
export function findMessageTextProblem(text: string): MessageTextProblem | null {
  if (/\p{Cs}/u.test(text)) return "characters";
  if (text.trim() === "") return "empty";
  return utf8Length(text) > MESSAGE_TEXT_MAX_BYTES ? "tooLong" : null;
}

/** The ciphertext's length in bytes is a valid one: the MAC and 1 to 16 whole padded blocks. */
export function isMessageCiphertextLength(bytes: number): boolean {
  const padded = bytes - MESSAGE_MAC_BYTES;
  return Number.isSafeInteger(bytes) && padded > 0 && padded <= MESSAGE_PLAINTEXT_MAX_BYTES && padded % MESSAGE_PADDING_BLOCK_BYTES === 0;
}

/** True for a version-1 envelope with a 24-byte nonce and a ciphertext of a valid length. Says nothing about whether it opens. */
export function isMessageEnvelopeShape(envelope: MessageEnvelope): boolean {
  const { version, nonce, ciphertext } = envelope;
  if (version !== MESSAGE_VERSION || typeof nonce !== "string" || typeof ciphertext !== "string") return false;
  // Bound the length before decoding attacker-sized input.
  if (ciphertext.length > base64UrlLength(MESSAGE_CIPHERTEXT_MAX_BYTES)) return false;
  return isBase64UrlOfBytes(nonce, MESSAGE_NONCE_BYTES) && isMessageCiphertextLength(base64UrlDecodedLength(ciphertext));
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const point = char.codePointAt(0) ?? 0;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return bytes;
}
