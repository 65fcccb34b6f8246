/**
 * Peer mentors and mentorships (migration 0051): applying to mentor and the staff's answer
 * (the leaders' eligibility rule), the mentor's profile and its suspension, the directory,
 * and asking, answering, ending and blocking. Every change is one private function that
 * checks the caller and answers with a word; here each word becomes a typed result.
 */
import { sql } from "kysely";
import type { GroupLanguage } from "~/domain/groups/meeting-fields";
import type { DirectoryQuery } from "~/domain/mentors/directory-query";
import type { ExperienceArea } from "~/domain/mentors/mentor-fields";
import type { MentorshipState } from "~/domain/mentors/mentorship";
import type { ApplicationToAnswer } from "./leaders.server";
import { callWord } from "./private-calls.server";
import { callerId, type MemberTx } from "./rls.server";

type Outcome<R extends string> = { ok: true } | { ok: false; reason: R };

/** The result of a private function's word: `ok` words succeed; the others map to a reason, or `fallback`. */
function outcomeOf<R extends string>(word: string, ok: readonly string[], reasons: Readonly<Record<string, R>>, fallback: R): Outcome<R> {
  return ok.includes(word) ? { ok: true } : { ok: false, reason: reasons[word] ?? fallback };
}

export interface OwnMentorProfile {
  areaId: string;
  showYears: boolean;
  languages: GroupLanguage[];
  experience: ExperienceArea[];
  capacity: number;
  paused: boolean;
  suspended: boolean;
  suspensionReason: string;
}

export interface OwnMentorStatus {
  applications: { id: string; areaId: string; status: "pending" | "approved" | "declined"; decisionReason: string; createdAt: Date }[];
  profile: OwnMentorProfile | null;
  verifiedSince: string | null;
}

export async function getOwnMentorStatus(trx: MemberTx): Promise<OwnMentorStatus> {
  const [applications, profile, verification] = await Promise.all([
    trx
      .selectFrom("mentor_applications")
      .select(["id", "area_id as areaId", "status", "decision_reason as decisionReason", "created_at as createdAt"])
      .where("member_id", "=", callerId)
      .orderBy("created_at", "desc")
      .limit(10)
      .execute(),
    trx
      .selectFrom("mentor_profiles")
      .select([
        "area_id as areaId",
        "show_years as showYears",
        "languages",
        "experience",
        "capacity",
        "paused",
        "suspended_at as suspendedAt",
        "suspension_reason as suspensionReason",
      ])
      .where("member_id", "=", callerId)
      .executeTakeFirst(),
    trx.selectFrom("abstinence_verifications").select("verified_since").where("member_id", "=", callerId).executeTakeFirst(),
  ]);
  return {
    applications,
    profile: profile ? { ...profile, suspended: profile.suspendedAt !== null } : null,
    verifiedSince: verification?.verified_since ?? null,
  };
}

export type ApplyToMentorResult = Outcome<"pending" | "already" | "unknown-area">;

export async function applyToMentor(trx: MemberTx, application: { areaId: string; note: string }): Promise<ApplyToMentorResult> {
  const [pending, profile, area] = await Promise.all([
    trx.selectFrom("mentor_applications").select("id").where("member_id", "=", callerId).where("status", "=", "pending").executeTakeFirst(),
    trx.selectFrom("mentor_profiles").select("member_id").where("member_id", "=", callerId).executeTakeFirst(),
    trx.selectFrom("areas").select("id").where("id", "=", application.areaId).executeTakeFirst(),
  ]);
  if (pending) return { ok: false, reason: "pending" };
  if (profile) return { ok: false, reason: "already" };
  if (!area) return { ok: false, reason: "unknown-area" };
  await trx.insertInto("mentor_applications").values({ area_id: application.areaId, note: application.note }).execute();
  return { ok: true };
}

export type MentorApplicationToAnswer = ApplicationToAnswer;

/** Pending applications to mentor the caller may answer (social worker of the area, or admin), oldest first. */
export async function listMentorApplicationsToAnswer(trx: MemberTx): Promise<MentorApplicationToAnswer[]> {
  const result = await sql<MentorApplicationToAnswer>`
    select id, member_id as "memberId", handle, area_id as "areaId", note, created_at as "createdAt", verified_since as "verifiedSince"
    from private.mentor_applications_to_answer()`.execute(trx);
  return result.rows;
}

export type DecideMentorApplicationResult = Outcome<"not-allowed" | "not-found" | "not-eligible">;

export async function decideMentorApplication(trx: MemberTx, decision: { applicationId: string; approve: boolean; reason: string }): Promise<DecideMentorApplicationResult> {
  const word = await callWord(trx, sql`select private.decide_mentor_application(${decision.applicationId}::uuid, ${decision.approve}, ${decision.reason}) as word`);
  return outcomeOf(word, ["approved", "declined"], { not_allowed: "not-allowed", not_eligible: "not-eligible" }, "not-found");
}

export interface MentorProfileChoices {
  showYears: boolean;
  languages: GroupLanguage[];
  experience: ExperienceArea[];
  capacity: number;
  paused: boolean;
}

export async function saveMentorProfile(trx: MemberTx, choices: MentorProfileChoices): Promise<Outcome<"not-mentor">> {
  const word = await callWord(
    trx,
    sql`select private.save_mentor_profile(${choices.showYears}, ${sql.val(choices.languages)}::text[], ${sql.val(choices.experience)}::text[], ${choices.capacity}::integer, ${choices.paused}) as word`,
  );
  return outcomeOf(word, ["saved"], {}, "not-mentor");
}

export interface MentorToOversee {
  memberId: string;
  handle: string;
  areaId: string;
  paused: boolean;
  suspendedAt: Date | null;
  suspensionReason: string;
  active: number;
}

/** Mentor profiles of the areas the caller serves (staff), by handle. */
export async function listMentorsToOversee(trx: MemberTx): Promise<MentorToOversee[]> {
  const result = await sql<MentorToOversee>`
    select member_id as "memberId", handle, area_id as "areaId", paused, suspended_at as "suspendedAt",
           suspension_reason as "suspensionReason", active
    from private.mentor_profiles_to_oversee()`.execute(trx);
  return result.rows;
}

export type SuspensionResult = Outcome<"not-allowed" | "not-found" | "no-reason">;

export async function setMentorSuspension(trx: MemberTx, change: { memberId: string; suspend: boolean; reason: string }): Promise<SuspensionResult> {
  const word = await callWord(trx, sql`select private.set_mentor_suspension(${change.memberId}::uuid, ${change.suspend}, ${change.reason}) as word`);
  return outcomeOf(word, ["suspended", "lifted"], { not_allowed: "not-allowed", no_reason: "no-reason" }, "not-found");
}

export type DirectoryFilters = DirectoryQuery;

export interface DirectoryMentor {
  memberId: string;
  handle: string;
  areaId: string;
  /** Whole years of verified abstinence, or null when the mentor does not show them. */
  years: number | null;
  languages: GroupLanguage[];
  experience: ExperienceArea[];
  hasRoom: boolean;
}

export const DIRECTORY_PAGE_SIZE = 20;

/** One page of listed mentors (no total: `more` says whether another page follows). */
export async function findMentors(trx: MemberTx, filters: DirectoryFilters): Promise<{ mentors: DirectoryMentor[]; more: boolean }> {
  const result = await sql<DirectoryMentor>`
    select member_id as "memberId", handle, area_id as "areaId", years, languages, experience, has_room as "hasRoom"
    from private.mentor_directory(${filters.areaId}::uuid, ${filters.language}::text, ${filters.experience}::text,
                                  ${DIRECTORY_PAGE_SIZE + 1}, ${(filters.page - 1) * DIRECTORY_PAGE_SIZE})`.execute(trx);
  return { mentors: result.rows.slice(0, DIRECTORY_PAGE_SIZE), more: result.rows.length > DIRECTORY_PAGE_SIZE };
}

export type AskMentorResult = Outcome<"self" | "already" | "unavailable">;

export async function askMentor(trx: MemberTx, request: { mentorId: string; note: string }): Promise<AskMentorResult> {
  const word = await callWord(trx, sql`select private.ask_mentor(${request.mentorId}::uuid, ${request.note}) as word`);
  return outcomeOf(word, ["requested"], { self: "self", already: "already" }, "unavailable");
}

export type AnswerMentorshipResult = Outcome<"not-found" | "full" | "suspended">;

export async function answerMentorship(trx: MemberTx, answer: { mentorshipId: string; accept: boolean }): Promise<AnswerMentorshipResult> {
  const word = await callWord(trx, sql`select private.answer_mentorship(${answer.mentorshipId}::uuid, ${answer.accept}) as word`);
  return outcomeOf(word, ["active", "declined"], { full: "full", suspended: "suspended" }, "not-found");
}

/** Either party ends an active mentorship; the mentee withdraws an unanswered request. */
export async function endMentorship(trx: MemberTx, mentorshipId: string): Promise<Outcome<"not-found">> {
  const word = await callWord(trx, sql`select private.end_mentorship(${mentorshipId}::uuid) as word`);
  return outcomeOf(word, ["ended", "withdrawn"], {}, "not-found");
}

/** Blocks the other party of one of the caller's mentorships; what is open between them ends. */
export async function blockMember(trx: MemberTx, memberId: string): Promise<Outcome<"not-found">> {
  const word = await callWord(trx, sql`select private.block_member(${memberId}::uuid) as word`);
  return outcomeOf(word, ["blocked"], {}, "not-found");
}

export async function unblockMember(trx: MemberTx, memberId: string): Promise<Outcome<"not-found">> {
  const word = await callWord(trx, sql`select private.unblock_member(${memberId}::uuid) as word`);
  return outcomeOf(word, ["unblocked"], {}, "not-found");
}

export interface OwnMentorship {
  id: string;
  asMentor: boolean;
  otherId: string;
  otherHandle: string;
  note: string;
  state: MentorshipState;
  requestedAt: Date;
  endedAt: Date | null;
  endedByMe: boolean;
  /** Whether the caller blocked the other party. */
  blocked: boolean;
}

/** The caller's mentorships on both sides, newest first (at most 50). */
export async function listOwnMentorships(trx: MemberTx): Promise<OwnMentorship[]> {
  const result = await sql<OwnMentorship>`
    select id, as_mentor as "asMentor", other_id as "otherId", other_handle as "otherHandle", note, state,
           requested_at as "requestedAt", ended_at as "endedAt", ended_by_me as "endedByMe", blocked
    from private.own_mentorships()`.execute(trx);
  return result.rows;
}

export type MoveResult = Outcome<"not-found">;

/** A move either side makes from either mentoring page: end (or withdraw), block, take a block back. */
export function applyMentorshipMove(
  trx: MemberTx,
  move: { intent: "end"; mentorshipId: string } | { intent: "block" | "unblock"; memberId: string },
): Promise<MoveResult> {
  if (move.intent === "end") return endMentorship(trx, move.mentorshipId);
  return move.intent === "block" ? blockMember(trx, move.memberId) : unblockMember(trx, move.memberId);
}
