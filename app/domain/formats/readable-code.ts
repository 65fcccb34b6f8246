/**
 * Short random codes people read out, copy from paper or type back (attendance statements,
 * testing bookings): Crockford's base32 (no I, L, O, U), in groups of four joined by "-".
 * Reading is forgiving: full-width forms from a Chinese keyboard, case, spaces, dashes of any
 * kind, "_" and "." are ignored, O is read as 0, I and L as 1.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUP = 4;

function requireCharacters(characters: number): void {
  if (!Number.isInteger(characters) || characters <= 0 || characters % GROUP !== 0) throw new RangeError("a readable code has a positive multiple of 4 characters");
}

/** Random bytes a code of `characters` characters needs: 5 bits a character. */
export function readableCodeBytes(characters: number): number {
  requireCharacters(characters);
  return Math.ceil((characters * 5) / 8);
}

function grouped(plain: string): string {
  const groups: string[] = [];
  for (let start = 0; start < plain.length; start += GROUP) groups.push(plain.slice(start, start + GROUP));
  return groups.join("-");
}

/**
 * A new code from random bytes (at least readableCodeBytes(characters); only those are read).
 * The bytes are one big-endian number whose lowest 5 bits give the first character.
 */
export function newReadableCode(random: Uint8Array, characters: number): string {
  const bytes = readableCodeBytes(characters);
  if (random.length < bytes) throw new RangeError(`need ${bytes} random bytes`);
  let bits = 0n;
  for (const byte of random.subarray(0, bytes)) bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let index = 0; index < characters; index += 1) code += ALPHABET[Number((bits >> BigInt(5 * index)) & 31n)];
  return grouped(code);
}

/** What someone typed, as the stored code of `characters` characters, or null if it cannot be one. */
export function normaliseReadableCode(typed: string, characters: number): string | null {
  requireCharacters(characters);
  // A code with separators and spaces never comes near this; anything longer is not a code.
  if (typed.length > characters * 4 + 16) return null;
  const plain = typed
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\p{Pd}_.]/gu, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (plain.length !== characters || [...plain].some((char) => !ALPHABET.includes(char))) return null;
  return grouped(plain);
}
