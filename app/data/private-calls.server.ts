import { sql, type RawBuilder } from "kysely";
import type { MemberTx } from "./rls.server";

/**
 * The word a private function answers with (`select private.fn(…) as word`): the functions
 * that check the caller and change something say how it went in one word, never by raising.
 */
export async function callWord(trx: MemberTx, call: RawBuilder<{ word: string }>): Promise<string> {
  const result = await call.execute(trx);
  return result.rows[0]?.word ?? "";
}

/** A private function's yes or no (`select private.fn(…) as yes`); no when it answers nothing. */
export async function callYes(trx: MemberTx, call: RawBuilder<{ yes: boolean }>): Promise<boolean> {
  const result = await call.execute(trx);
  return result.rows[0]?.yes === true;
}

/** Whether the caller leads the group (private.is_group_leader, what RLS asks too). */
export function leadsGroup(trx: MemberTx, groupId: string): Promise<boolean> {
  return callYes(trx, sql<{ yes: boolean }>`select private.is_group_leader(${groupId}::uuid) as yes`);
}
