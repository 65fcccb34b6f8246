import { sql, type RawBuilder } from "kysely";
import type { AnyTx } from "~/data/rls.server";

/**
 * How many plans PostgreSQL has made so far for the prepared statements whose text holds
 * `words`: on the transaction's own connection, as prepared statements are per connection.
 */
export async function plansSoFar(trx: AnyTx, words: string): Promise<{ generic: number; custom: number }> {
  const result = await sql<{ generic: number; custom: number }>`
    select coalesce(sum(generic_plans), 0)::int as generic, coalesce(sum(custom_plans), 0)::int as custom
    from pg_prepared_statements where statement like ${`%${words}%`}`.execute(trx);
  return result.rows[0] ?? { generic: 0, custom: 0 };
}

/** What EXPLAIN prints for `explain` (an EXPLAIN statement), one line per row. */
export async function planText(trx: AnyTx, explain: RawBuilder<unknown>): Promise<string> {
  const explained = await sql<Record<string, string>>`${explain}`.execute(trx);
  return explained.rows.map((row) => Object.values(row).join("")).join("\n");
}

/**
 * The plan of the one prepared statement on the transaction's connection whose text holds each
 * of `words`, for `args` (SQL literals: EXECUTE in EXPLAIN takes no parameters), as the portal's
 * own statement is planned. A statement is prepared, so listed, from its second run on.
 */
export async function preparedPlan(trx: AnyTx, words: readonly string[], args: RawBuilder<unknown>): Promise<string> {
  const matches = sql.join(words.map((word) => sql`statement like ${`%${word}%`}`), sql` and `);
  const prepared = await sql<{ name: string }>`select name from pg_prepared_statements where ${matches}`.execute(trx);
  if (prepared.rows.length !== 1) throw new Error(`preparedPlan: ${prepared.rows.length} prepared statements hold ${words.join(" … ")}`);
  return planText(trx, sql`explain execute ${sql.id(prepared.rows[0]?.name ?? "")}(${args})`);
}
