import { fromB64 } from "./encoding";
import { CryptoError } from "~/domain/formats/crypto-error";
import { CHALLENGE_SALT_BYTES, proofInput, readChallenge, setProofSolution } from "~/domain/accounts/challenge";
import { loadSodium } from "./sodium";

/**
 * Solves a proof-of-work challenge (decision 013): tries 0, 1, 2, … until SHA-256 of the
 * salt and the number equals the target. libsodium's SHA-256 (already loaded on the pages
 * that ask for a challenge, as they derive keys) is synchronous: about 14 times as fast here
 * as one WebCrypto digest call per number. The search gives the page a turn every
 * `sliceMs`, so it stays responsive while it works.
 */
export async function solveChallenge(text: string, { sliceMs = 50 }: { sliceMs?: number } = {}): Promise<number> {
  const challenge = readChallenge(text);
  if (!challenge) throw new CryptoError("malformed", "challenge is not one");
  const sodium = await loadSodium();
  const input = proofInput(fromB64(sodium, challenge.salt, CHALLENGE_SALT_BYTES, "challenge salt"), 0);
  const target = fromB64(sodium, challenge.target, 32, "challenge target");
  const limit = 2 ** challenge.exponent;
  let solution = 0;
  while (solution < limit) {
    const sliceEnds = performance.now() + sliceMs;
    while (solution < limit) {
      setProofSolution(input, solution);
      if (sodium.memcmp(sodium.crypto_hash_sha256(input), target)) return solution;
      solution += 1;
      if (solution % 1024 === 0 && performance.now() >= sliceEnds) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new CryptoError("malformed", "challenge has no solution");
}
