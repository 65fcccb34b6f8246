/**
 * One rule, two places: the Argon2id bounds the app accepts (KDF_BOUNDS in
 * app/domain/accounts/kdf-policy.ts, imported by the browser's crypto core and the server's
 * upload schema) and the CHECK constraints migration 0003 puts on public.user_keys. Read
 * from the live catalog on every engine, so either side changing alone fails here.
 */
import { sql } from "kysely";
import { expect, it } from "vitest";
import { createAccount } from "~/data/accounts.server";
import { asSystem } from "~/data/rls.server";
import { KDF_BOUNDS } from "~/domain/accounts/kdf-policy";
import { fakeAccount, sqlState } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";

type Column = "kdf_opslimit" | "kdf_memlimit";

const BOUNDS: Record<Column, { min: number; max: number }> = {
  kdf_opslimit: { min: KDF_BOUNDS.minOpslimit, max: KDF_BOUNDS.maxOpslimit },
  kdf_memlimit: { min: KDF_BOUNDS.minMemlimit, max: KDF_BOUNDS.maxMemlimit },
};

/** Sign-up input with the given parameters (everything else well-formed). */
const accountWith = (column: Column, value: number) =>
  fakeAccount(undefined, column === "kdf_opslimit" ? { kdfOpslimit: value } : { kdfMemlimit: value });

const OUTSIDE = (Object.keys(BOUNDS) as Column[]).flatMap((column) => [
  { column, value: BOUNDS[column].min - 1, side: "below the minimum" },
  { column, value: BOUNDS[column].max + 1, side: "above the maximum" },
]);

describeOnEveryEngine("KDF bounds", ({ db }) => {
  it("user_keys' CHECK constraints on the KDF parameters are exactly KDF_BOUNDS", async () => {
    const rows = await sql<{ column: string; definition: string }>`
      select a.attname as column, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
      where c.conrelid = 'public.user_keys'::regclass and c.contype = 'c'
        and a.attname in ('kdf_opslimit', 'kdf_memlimit')
      order by 1, 2`.execute(db);

    const found: Record<string, { min: number; max: number } | string> = {};
    for (const row of rows.rows) {
      // `x between a and b` is stored as `(x >= a) AND (x <= b)`.
      const column = row.column;
      const match = new RegExp(`^CHECK \\(\\(\\(${column} >= (-?\\d+)\\) AND \\(${column} <= (-?\\d+)\\)\\)\\)$`).exec(row.definition);
      expect(found[column], `${column} has one CHECK constraint`).toBeUndefined();
      found[column] = match ? { min: Number(match[1]), max: Number(match[2]) } : `not a plain range: ${row.definition}`;
    }
    expect(found).toEqual(BOUNDS);
  });

  for (const { column, value, side } of OUTSIDE) {
    it(`refuses a new account with ${column} just ${side} (${value})`, async () => {
      const error: unknown = await asSystem(db, "test: sign up", (trx) => createAccount(trx, accountWith(column, value))).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(sqlState(error), `${column} = ${value} should violate the CHECK constraint`).toBe("23514");
      expect(String(error)).toMatch(new RegExp(`user_keys_${column}_check`));
    });
  }

  it("accepts a new account at each bound", async () => {
    for (const column of Object.keys(BOUNDS) as Column[]) {
      for (const value of [BOUNDS[column].min, BOUNDS[column].max]) {
        const created = await asSystem(db, "test: sign up", (trx) => createAccount(trx, accountWith(column, value)));
        expect(created.ok, `${column} = ${value}`).toBe(true);
      }
    }
  });
});
