import { fromB64Early } from "./encoding";
import { CryptoError } from "~/domain/formats/crypto-error";
import { CHALLENGE_SALT_BYTES, proofInput, readChallenge, setProofSolution } from "~/domain/accounts/challenge";
import { sha256Hasher } from "./hashes";

/**
 * Solves a proof-of-work challenge (decision 013): tries 0, 1, 2, … until SHA-256 of the
 * salt and the number equals the target. hash-wasm's SHA-256 (loaded on the pages that ask
 * for a challenge, as they derive keys) is synchronous: one WebCrypto digest call per number
 * was about 14 times as slow. It needs no libsodium, so sign-in can solve it while libsodium
 * is still downloading (decision 018). The search gives the page a turn every
 * `sliceMs`, so it stays responsive while it works.
 */
export async function solveChallenge(text: string, { sliceMs = 50 }: { sliceMs?: number } = {}): Promise<number> {
  const challenge = readChallenge(text);
  if (!challenge) throw new CryptoError("malformed", "challenge is not one");
  const sha256 = await sha256Hasher();
  const input = proofInput(fromB64Early(challenge.salt, CHALLENGE_SALT_BYTES, "challenge salt"), 0);
  const target = fromB64Early(challenge.target, 32, "challenge target");
  const limit = 2 ** challenge.exponent;
  let solution = 0;
  while (solution < limit) {
    const sliceEnds = performance.now() + sliceMs;
    while (solution < limit) {
      setProofSolution(input, solution);
      if (sameBytes(sha256(input), target)) return solution;
      solution += 1;
      if (solution % 1024 === 0 && performance.now() >= sliceEnds) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new CryptoError("malformed", "challenge has no solution");
}

/** The target is public, so a plain comparison will do. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
