/**
 * Sign-up asks whether a handle is free before the browser makes keys (decision 017), with
 * the sign-up's own challenge: the check and the sign-up that spends that challenge count as
 * one of the network's sign-up attempts, so checking first costs a member nothing more and
 * gives a prober nothing cheaper. Runs the embedded provider on each engine's database.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { issueChallenge } from "~/auth/challenge.server";
import { checkHandleFree, signUp } from "~/auth/embedded-auth.server";
import { createAccountKeys } from "~/crypto/account-keys";
import { solveChallenge } from "~/crypto/challenge";
import { asSystem } from "~/data/rls.server";
import { describeOnEveryEngine } from "../support/db-suite";

const CLIENT = { clientAddress: "198.51.100.7" };
/** Where getDatabase() keeps the process's database (db.server.ts): here, the suite's own. */
const DATABASE = Symbol.for("tongxing.database");

describeOnEveryEngine("checking a handle before sign-up", ({ db }) => {
  beforeAll(() => {
    Object.assign(globalThis, { [DATABASE]: Promise.resolve(db) });
  });
  afterAll(() => {
    Reflect.deleteProperty(globalThis, DATABASE);
  });

  /** Sign-up attempts counted so far, over every network's counter. */
  async function signUpsCounted(): Promise<number> {
    return asSystem(db, "test: read sign-up counts", async (trx) => {
      const { rows } = await sql<{ total: string }>`select coalesce(sum(hits), 0)::text as total from private.rate_limit_hits where bucket like 'signUp:client:%'`.execute(trx);
      return Number(rows[0]?.total ?? 0);
    });
  }

  async function proofFor(handle: string): Promise<{ handle: string; challenge: string; solution: number }> {
    const issued = await issueChallenge("signUp", handle, CLIENT);
    if (!issued.ok) throw new Error(issued.reason);
    return { handle, challenge: issued.challenge, solution: await solveChallenge(issued.challenge) };
  }

  it("counts a check and the sign-up that spends its challenge once, and says taken afterwards", { timeout: 60_000 }, async () => {
    const { upload } = await createAccountKeys("a passphrase for the check");
    const start = await signUpsCounted();
    const proof = await proofFor(`checked_${Date.now().toString(36)}`);

    expect(await checkHandleFree(proof, CLIENT)).toEqual({ ok: true });
    expect(await signUpsCounted()).toBe(start + 1);
    expect(await checkHandleFree(proof, CLIENT)).toEqual({ ok: true }); // the same question again: not counted again
    expect(await signUpsCounted()).toBe(start + 1);

    expect(await signUp({ ...proof, ...upload, sharedPhone: false }, { ...CLIENT, locale: "zh-CN" })).toMatchObject({ ok: true });
    expect(await signUpsCounted()).toBe(start + 1);
    expect(await checkHandleFree(proof, CLIENT)).toEqual({ ok: false, reason: "handle-taken" });

    // A challenge checks only its own handle; a sign-up without a check counts by itself.
    expect(await checkHandleFree({ ...proof, handle: `${proof.handle}x` }, CLIENT)).toEqual({ ok: false, reason: "challenge-failed" });
    const direct = await proofFor(`direct_${Date.now().toString(36)}`);
    expect(await signUp({ ...direct, ...upload, sharedPhone: false }, { ...CLIENT, locale: "zh-CN" })).toMatchObject({ ok: true });
    expect(await signUpsCounted()).toBe(start + 2);
  });
});
