import { sql } from "kysely";
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
