/**
 * The crisis page's hotlines (migration 0052). Anyone reads them, in any scope (signed-out
 * visitors as anon); admins change them only through private.add_hotline, change_hotline
 * and remove_hotline, which check the caller and write the audit row (the hotline's id).
 */
import { sql } from "kysely";
import type { HotlineFields } from "~/domain/crisis/hotlines";
import type { GroupLanguage } from "~/domain/groups/meeting-fields";
import { callWord } from "./private-calls.server";
import type { AnyTx, MemberTx } from "./rls.server";

export type Hotline = HotlineFields & { id: string };

function selectHotlines(trx: AnyTx) {
  return trx
    .selectFrom("hotlines")
    .select(["id", "area_id as areaId", "name", "number", "hours", "languages", "note", "sort_order as sortOrder"])
    .orderBy("sort_order")
    .orderBy("name");
}

/** The national hotlines and those of these areas (a person's area and the ones above it). */
export async function listHotlinesFor(trx: AnyTx, areaIds: readonly string[]): Promise<Hotline[]> {
  return selectHotlines(trx)
    .where((eb) => (areaIds.length === 0 ? eb("area_id", "is", null) : eb.or([eb("area_id", "is", null), eb("area_id", "in", areaIds)])))
    .execute();
}

/** Every hotline, for the admins' page. */
export async function listAllHotlines(trx: AnyTx): Promise<Hotline[]> {
  return selectHotlines(trx).execute();
}

export type HotlineChangeRefusal = "not-allowed" | "not-found" | "unknown-area";
export type HotlineChangeResult = { ok: true } | { ok: false; reason: HotlineChangeRefusal };

/** The functions' words for a refusal, as the result's reason. */
const REFUSED: Record<string, HotlineChangeRefusal> = { not_allowed: "not-allowed", not_found: "not-found", unknown_area: "unknown-area" };

function resultOf(word: string, done: string): HotlineChangeResult {
  if (word === done) return { ok: true };
  const reason = REFUSED[word];
  if (reason === undefined) throw new Error(`unexpected answer from the hotline functions: ${word}`);
  return { ok: false, reason };
}

const languagesArray = (languages: readonly GroupLanguage[]) => sql`${sql.val(languages)}::text[]`;

/** An admin adds a hotline (audited). */
export async function addHotline(trx: MemberTx, fields: HotlineFields): Promise<HotlineChangeResult> {
  const word = await callWord(
    trx,
    sql<{ word: string }>`select private.add_hotline(${fields.areaId}::uuid, ${fields.name}, ${fields.number}, ${fields.hours}, ${languagesArray(fields.languages)}, ${fields.note}, ${fields.sortOrder}::integer) as word`,
  );
  return resultOf(word, "added");
}

/** An admin changes a hotline (audited). */
export async function changeHotline(trx: MemberTx, id: string, fields: HotlineFields): Promise<HotlineChangeResult> {
  const word = await callWord(
    trx,
    sql<{ word: string }>`select private.change_hotline(${id}::uuid, ${fields.areaId}::uuid, ${fields.name}, ${fields.number}, ${fields.hours}, ${languagesArray(fields.languages)}, ${fields.note}, ${fields.sortOrder}::integer) as word`,
  );
  return resultOf(word, "changed");
}

/** An admin removes a hotline (audited). */
export async function removeHotline(trx: MemberTx, id: string): Promise<HotlineChangeResult> {
  return resultOf(await callWord(trx, sql<{ word: string }>`select private.remove_hotline(${id}::uuid) as word`), "removed");
}
