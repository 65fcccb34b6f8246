/** Shared by the crypto module's tests only (never imported by app code). */
import fc from "fast-check";
import { expect } from "vitest";
import { CryptoError, type CryptoErrorCode } from "~/domain/formats/crypto-error";

/** Awaits a promise that must fail with this CryptoError code. */
export async function rejects(promise: Promise<unknown>, code: CryptoErrorCode): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CryptoError);
  expect((error as CryptoError).code).toBe(code);
}

/** Strings one edit (replace, delete or insert) away from one of the seeds: near-misses for shape checks. */
export function mutatedStrings(seeds: string[]): fc.Arbitrary<string> {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=v2x ";
  return fc
    .tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat(alphabet.length - 1), fc.constantFrom("replace", "delete", "insert"))
    .map(([seed, at, c, op]) => {
      const i = at % (seed.length + 1);
      const ch = alphabet.charAt(c);
      if (op === "delete") return seed.slice(0, i) + seed.slice(i + 1);
      if (op === "insert") return seed.slice(0, i) + ch + seed.slice(i);
      return seed.slice(0, i) + ch + seed.slice(i + 1);
    });
}
