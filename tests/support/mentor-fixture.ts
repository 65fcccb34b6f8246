/** Mentors and mentorships for database tests: members placed in an area, approved mentors, an accepted mentorship. */
import type { Kysely } from "kysely";
import { verifyAbstinence } from "~/data/leaders.server";
import { answerMentorship, applyToMentor, askMentor, decideMentorApplication, listMentorApplicationsToAnswer, listOwnMentorships, saveMentorProfile, type MentorProfileChoices } from "~/data/mentors.server";
import { asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { addDays } from "~/domain/groups/local-time";
import { createTestAccount, type Persona } from "./db-personas";
import { today } from "./group-fixture";

export const shown: MentorProfileChoices = { showYears: true, languages: ["zh-CN", "yue"], experience: ["employment", "family"], capacity: 1, paused: false };

/** A new member whose profile is in `areaId`. */
export async function member(db: Kysely<Database>, areaId: string): Promise<Persona> {
  const persona = await createTestAccount(db, "memberA");
  await asSystem(db, "test: place member", (trx) => trx.updateTable("profiles").set({ area_id: areaId }).where("id", "=", persona.id).execute());
  return persona;
}

/** A member of `areaId` approved to mentor there by `worker`, abstinent `years` years, profile saved with `choices`. */
export async function makeMentor(db: Kysely<Database>, areaId: string, worker: string, choices: MentorProfileChoices = shown, years = 3): Promise<Persona> {
  const mentor = await member(db, areaId);
  const applied = await asMember(db, mentor.id, (trx) => applyToMentor(trx, { areaId, note: "" }));
  if (!applied.ok) throw new Error(`fixture: apply: ${applied.reason}`);
  await asMember(db, worker, (trx) => verifyAbstinence(trx, mentor.id, addDays(today(), -years * 366)));
  const application = (await asMember(db, worker, listMentorApplicationsToAnswer)).find((entry) => entry.memberId === mentor.id);
  if (!application) throw new Error("fixture: no application");
  const decided = await asMember(db, worker, (trx) => decideMentorApplication(trx, { applicationId: application.id, approve: true, reason: "" }));
  if (!decided.ok) throw new Error(`fixture: approve: ${decided.reason}`);
  const saved = await asMember(db, mentor.id, (trx) => saveMentorProfile(trx, choices));
  if (!saved.ok) throw new Error("fixture: save profile");
  return mentor;
}

/** `mentee` asks `mentor` and the mentor accepts: the mentorship's id. */
export async function acceptedMentorship(db: Kysely<Database>, mentee: Persona, mentor: Persona): Promise<string> {
  const asked = await asMember(db, mentee.id, (trx) => askMentor(trx, { mentorId: mentor.id, note: "" }));
  if (!asked.ok) throw new Error(`fixture: ask: ${asked.reason}`);
  const waiting = (await asMember(db, mentor.id, listOwnMentorships)).find((entry) => entry.otherId === mentee.id && entry.state === "requested");
  if (!waiting) throw new Error("fixture: no request");
  const answered = await asMember(db, mentor.id, (trx) => answerMentorship(trx, { mentorshipId: waiting.id, accept: true }));
  if (!answered.ok) throw new Error(`fixture: accept: ${answered.reason}`);
  return waiting.id;
}
