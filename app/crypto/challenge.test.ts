import { describe, expect, it } from "vitest";
import { checkSolution, mintChallenge } from "~/auth/challenge.server";
import { isCryptoError } from "~/domain/formats/crypto-error";
import { solveChallenge } from "./challenge";

const SECRET = "s".repeat(64);
const request = { purpose: "signUp" as const, handleKey: "lin" };

describe("the browser's solver", () => {
  it("finds the number the server checks, with libsodium's SHA-256 against node:crypto's", async () => {
    for (let i = 0; i < 5; i += 1) {
      const now = new Date();
      const text = mintChallenge(SECRET, { ...request, exponent: 12, now });
      const solution = await solveChallenge(text);
      expect(checkSolution(SECRET, text, solution, { ...request, now })).not.toBeNull();
    }
  });

  it("gives the page a turn while it searches", async () => {
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    // Three searches, so that at least one runs past its first slice.
    for (let i = 0; i < 3; i += 1) await solveChallenge(mintChallenge(SECRET, { ...request, exponent: 16, now: new Date() }), { sliceMs: 1 });
    clearInterval(ticker);
    expect(turns).toBeGreaterThan(0);
  });

  it("refuses what is not a challenge", async () => {
    await expect(solveChallenge("v1.signIn.nope")).rejects.toSatisfy((error: unknown) => isCryptoError(error, "malformed"));
  });
});
