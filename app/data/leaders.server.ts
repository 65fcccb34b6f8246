/**
 * Becoming a group leader (migration 0021): a member applies for an area; a social worker
 * of that area or an admin records since when the member has been abstinent and answers.
 * The database approves only an eligible applicant (private.eligible_to_lead) and then
 * grants the leader role in that area.
 */
import { sql } from "kysely";
import { callerId, type MemberTx } from "./rls.server";

export interface OwnLeaderStatus {
  /** Areas the member leads groups in (leader grants; null = every area). */
  leaderAreas: (string | null)[];
  applications: { id: string; areaId: string; status: "pending" | "approved" | "declined"; decisionReason: string; createdAt: Date }[];
  verifiedSince: string | null;
}

export async function getOwnLeaderStatus(trx: MemberTx): Promise<OwnLeaderStatus> {
  const [grants, applications, verification] = await Promise.all([
    trx.selectFrom("role_grants").select("area_id").where("user_id", "=", callerId).where("role", "=", "leader").execute(),
    trx
      .selectFrom("leader_applications")
      .select(["id", "area_id as areaId", "status", "decision_reason as decisionReason", "created_at as createdAt"])
      .where("member_id", "=", callerId)
      .orderBy("created_at", "desc")
      .limit(10)
      .execute(),
    trx.selectFrom("abstinence_verifications").select("verified_since").where("member_id", "=", callerId).executeTakeFirst(),
  ]);
  return { leaderAreas: grants.map((grant) => grant.area_id), applications, verifiedSince: verification?.verified_since ?? null };
}

export type ApplyResult = { ok: true } | { ok: false; reason: "pending" | "unknown-area" };

export async function applyToLead(trx: MemberTx, application: { areaId: string; note: string }): Promise<ApplyResult> {
  const pending = await trx
    .selectFrom("leader_applications")
    .select("id")
    .where("member_id", "=", callerId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  if (pending) return { ok: false, reason: "pending" };
  const area = await trx.selectFrom("areas").select("id").where("id", "=", application.areaId).executeTakeFirst();
  if (!area) return { ok: false, reason: "unknown-area" };
  await trx.insertInto("leader_applications").values({ area_id: application.areaId, note: application.note }).execute();
  return { ok: true };
}

export interface ApplicationToAnswer {
  id: string;
  memberId: string;
  handle: string;
  areaId: string;
  note: string;
  createdAt: Date;
  verifiedSince: string | null;
}

/** Pending applications the caller may answer (social worker of the area, or admin), oldest first. */
export async function listApplicationsToAnswer(trx: MemberTx): Promise<ApplicationToAnswer[]> {
  const result = await sql<ApplicationToAnswer>`
    select id, member_id as "memberId", handle, area_id as "areaId", note, created_at as "createdAt", verified_since as "verifiedSince"
    from private.leader_applications_to_answer()`.execute(trx);
  return result.rows;
}

export type VerifyResult = { ok: true } | { ok: false; reason: "not-allowed" | "future" };

/** Staff of the member's area record since when the member has been abstinent. */
export async function verifyAbstinence(trx: MemberTx, memberId: string, since: string): Promise<VerifyResult> {
  const result = await sql<{ word: string }>`select private.verify_abstinence(${memberId}::uuid, ${since}::date) as word`.execute(trx);
  const word = result.rows[0]?.word;
  return word === "verified" ? { ok: true } : { ok: false, reason: word === "future" ? "future" : "not-allowed" };
}

export type DecideApplicationResult = { ok: true } | { ok: false; reason: "not-allowed" | "not-found" | "not-eligible" };

export async function decideLeaderApplication(trx: MemberTx, decision: { applicationId: string; approve: boolean; reason: string }): Promise<DecideApplicationResult> {
  const result = await sql<{ word: string }>`
    select private.decide_leader_application(${decision.applicationId}::uuid, ${decision.approve}, ${decision.reason}) as word`.execute(trx);
  const word = result.rows[0]?.word;
  if (word === "approved" || word === "declined") return { ok: true };
  return { ok: false, reason: word === "not_eligible" ? "not-eligible" : word === "not_allowed" ? "not-allowed" : "not-found" };
}

/** The years of verified abstinence leading needs (private.settings 'leader_minimum_years', default 2). */
export async function leaderMinimumYears(trx: MemberTx): Promise<number> {
  const result = await sql<{ years: number }>`select private.leader_minimum_years() as years`.execute(trx);
  return result.rows[0]?.years ?? 2;
}
