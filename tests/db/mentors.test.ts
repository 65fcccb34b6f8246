/**
 * Peer mentors and mentorships (issue 19, migration 0051) on every engine, persona by
 * persona: applying and the staff's answer by the leaders' rule, what members read of
 * profiles (paused and suspended ones hidden), the directory by area and language, asking,
 * capacity, blocks, ending, and that nobody but the two parties reads a mentorship or its note.
 */
import { randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import {
  answerMentorship,
  applyToMentor,
  askMentor,
  blockMember,
  decideMentorApplication,
  endMentorship,
  findMentors,
  getOwnMentorStatus,
  listMentorApplicationsToAnswer,
  listMentorsToOversee,
  listOwnMentorships,
  setMentorSuspension,
  unblockMember,
  type DirectoryFilters,
} from "~/data/mentors.server";
import { deleteAccount } from "~/data/account-deletion.server";
import { askToTalk, listOwnNotifications } from "~/data/talk-requests.server";
import { verifyAbstinence } from "~/data/leaders.server";
import { exportOwnData } from "~/data/own-data-export.server";
import { asAnon, asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { addDays } from "~/domain/groups/local-time";
import type { Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { today } from "../support/group-fixture";
import { makeMentor, member, shown } from "../support/mentor-fixture";
const anywhere: DirectoryFilters = { areaId: null, language: null, experience: null, page: 1 };

const handles = async (db: Kysely<Database>, who: string, filters: DirectoryFilters = anywhere) =>
  (await asMember(db, who, (trx) => findMentors(trx, filters))).mentors.map((mentor) => mentor.handle);

describeOnEveryEngine("mentors and mentorships", { personas: true }, ({ db, p }) => {
  let mentor: Persona;

  beforeAll(async () => {
    mentor = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
  });

  describe("applying to mentor", () => {
    it("is answered by staff of the area by the leaders' rule, never by staff of another area or the applicant", async () => {
      const applicant = await member(db, p.areas.districtX);
      expect(await asMember(db, applicant.id, (trx) => applyToMentor(trx, { areaId: p.areas.districtX, note: "想帮人" }))).toEqual({ ok: true });
      expect(await asMember(db, applicant.id, (trx) => applyToMentor(trx, { areaId: p.areas.districtX, note: "" }))).toEqual({ ok: false, reason: "pending" });
      expect((await asMember(db, p.socialWorkerY.id, listMentorApplicationsToAnswer)).some((entry) => entry.memberId === applicant.id)).toBe(false);
      const seen = (await asMember(db, p.socialWorkerX.id, listMentorApplicationsToAnswer)).find((entry) => entry.memberId === applicant.id);
      expect(seen).toMatchObject({ note: "想帮人", verifiedSince: null, areaId: p.areas.districtX });
      const applicationId = seen?.id ?? "";
      const decide = (who: string, approve: boolean) => asMember(db, who, (trx) => decideMentorApplication(trx, { applicationId, approve, reason: "" }));
      expect(await decide(p.socialWorkerY.id, true)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await decide(applicant.id, true)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await decide(p.socialWorkerX.id, true)).toEqual({ ok: false, reason: "not-eligible" });
      // Verified one year back: still too recent for the two years leading needs.
      expect(await asMember(db, p.socialWorkerY.id, (trx) => verifyAbstinence(trx, applicant.id, addDays(today(), -366)))).toEqual({ ok: false, reason: "not-allowed" });
      expect(await asMember(db, p.socialWorkerX.id, (trx) => verifyAbstinence(trx, applicant.id, addDays(today(), -366)))).toEqual({ ok: true });
      expect(await decide(p.socialWorkerX.id, true)).toEqual({ ok: false, reason: "not-eligible" });
      await asMember(db, p.socialWorkerX.id, (trx) => verifyAbstinence(trx, applicant.id, addDays(today(), -800)));
      expect(await decide(p.socialWorkerX.id, true)).toEqual({ ok: true });
      expect(await decide(p.socialWorkerX.id, true)).toEqual({ ok: false, reason: "not-found" });
      const status = await asMember(db, applicant.id, getOwnMentorStatus);
      expect(status.applications[0]?.status).toBe("approved");
      expect(status.profile).toMatchObject({ areaId: p.areas.districtX, showYears: false, languages: [], capacity: 2, paused: false, suspended: false });
      expect(await asMember(db, applicant.id, (trx) => applyToMentor(trx, { areaId: p.areas.districtX, note: "" }))).toEqual({ ok: false, reason: "already" });
      // The audit log holds ids and the action only.
      const audit = await asSystem(db, "test: read audit", (trx) =>
        trx.selectFrom("audit_log").select(["action", "actor_id", "subject_id"]).where("subject_id", "=", applicant.id).where("action", "like", "mentor.%").execute(),
      );
      expect(audit).toEqual([{ action: "mentor.approved", actor_id: p.socialWorkerX.id, subject_id: applicant.id }]);
    });
  });

  describe("who reads mentor profiles", () => {
    it("members read listed profiles and their own; paused and suspended ones are hidden from members, not from their own mentor or the area's staff", async () => {
      const paused = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id, { ...shown, paused: true });
      const suspended = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
      expect(await asMember(db, p.socialWorkerX.id, (trx) => setMentorSuspension(trx, { memberId: suspended.id, suspend: true, reason: "等核实" }))).toEqual({ ok: true });
      const rows = (who: string) => asMember(db, who, (trx) => trx.selectFrom("mentor_profiles").select("member_id").where("member_id", "in", [mentor.id, paused.id, suspended.id]).execute());
      const ids = async (who: string) => (await rows(who)).map((row) => row.member_id).sort();
      expect(await ids(p.memberB.id)).toEqual([mentor.id]);
      expect(await ids(p.memberA.id)).toEqual([mentor.id]);
      expect(await ids(paused.id)).toEqual([mentor.id, paused.id].sort());
      expect(await ids(suspended.id)).toEqual([mentor.id, suspended.id].sort());
      expect(await ids(p.socialWorkerX.id)).toEqual([mentor.id, paused.id, suspended.id].sort());
      expect(await ids(p.admin.id)).toEqual([mentor.id, paused.id, suspended.id].sort());
      expect(await ids(p.socialWorkerY.id)).toEqual([mentor.id]);
      const listed = await handles(db, p.memberB.id);
      expect(listed).toContain(mentor.handle);
      expect(listed).not.toContain(paused.handle);
      expect(listed).not.toContain(suspended.handle);
      const own = await asMember(db, suspended.id, getOwnMentorStatus);
      expect(own.profile).toMatchObject({ suspended: true, suspensionReason: "等核实" });
      await expect(asAnon(db, (trx) => trx.selectFrom("mentor_profiles").selectAll().execute())).rejects.toMatchObject({ code: "42501" });
      await expect(asAnon(db, (trx) => sql`select * from private.mentor_directory(null, null, null, 10, 0)`.execute(trx))).rejects.toMatchObject({ code: "42501" });
    });

    it("the directory shows only what the mentor chose, finds them from their district's province and by language, never oneself", async () => {
      const [found] = (await asMember(db, p.memberB.id, (trx) => findMentors(trx, { ...anywhere, areaId: p.areas.provinceX, language: "yue" }))).mentors.filter((entry) => entry.memberId === mentor.id);
      expect(found).toEqual({ memberId: mentor.id, handle: mentor.handle, areaId: p.areas.districtX, years: 3, languages: ["zh-CN", "yue"], experience: ["employment", "family"], hasRoom: true });
      expect(await handles(db, p.memberB.id, { ...anywhere, areaId: p.areas.cityX, experience: "family" })).toContain(mentor.handle);
      expect(await handles(db, p.memberB.id, { ...anywhere, areaId: p.areas.provinceY })).not.toContain(mentor.handle);
      expect(await handles(db, p.memberB.id, { ...anywhere, language: "en" })).not.toContain(mentor.handle);
      expect(await handles(db, p.memberB.id, { ...anywhere, experience: "methadone" })).not.toContain(mentor.handle);
      expect(await handles(db, mentor.id)).not.toContain(mentor.handle);
      const hidden = await makeMentor(db, p.areas.districtY, p.socialWorkerY.id, { showYears: false, languages: [], experience: [], capacity: 3, paused: false });
      const [plain] = (await asMember(db, p.memberA.id, (trx) => findMentors(trx, { ...anywhere, areaId: p.areas.districtY }))).mentors.filter((entry) => entry.memberId === hidden.id);
      expect(plain).toMatchObject({ years: null, languages: [], experience: [] });
    });

    it("only staff of the mentor's area suspend and lift, with a reason", async () => {
      const other = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
      const suspend = (who: string, reason = "投诉") => asMember(db, who, (trx) => setMentorSuspension(trx, { memberId: other.id, suspend: true, reason }));
      expect(await suspend(p.socialWorkerY.id)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await suspend(p.memberB.id)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await suspend(other.id)).toEqual({ ok: false, reason: "not-allowed" });
      expect(await suspend(p.socialWorkerX.id, " ")).toEqual({ ok: false, reason: "no-reason" });
      expect((await asMember(db, p.socialWorkerY.id, listMentorsToOversee)).some((entry) => entry.memberId === other.id)).toBe(false);
      expect(await suspend(p.admin.id)).toEqual({ ok: true });
      expect((await asMember(db, p.socialWorkerX.id, listMentorsToOversee)).find((entry) => entry.memberId === other.id)).toMatchObject({ suspensionReason: "投诉", active: 0 });
      expect(await asMember(db, p.socialWorkerX.id, (trx) => setMentorSuspension(trx, { memberId: other.id, suspend: false, reason: "" }))).toEqual({ ok: true });
      expect(await handles(db, p.memberB.id)).toContain(other.handle);
    });
  });

  describe("asking, answering and ending", () => {
    it("refuses asking oneself, a second open request, a hidden mentor; accepts up to capacity and no further", async () => {
      const busy = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
      const first = await member(db, p.areas.districtX);
      const second = await member(db, p.areas.districtY);
      expect(await asMember(db, busy.id, (trx) => askMentor(trx, { mentorId: busy.id, note: "" }))).toEqual({ ok: false, reason: "self" });
      expect(await asMember(db, first.id, (trx) => askMentor(trx, { mentorId: busy.id, note: "想找人聊聊工作" }))).toEqual({ ok: true });
      expect(await asMember(db, first.id, (trx) => askMentor(trx, { mentorId: busy.id, note: "" }))).toEqual({ ok: false, reason: "already" });
      expect(await asMember(db, second.id, (trx) => askMentor(trx, { mentorId: busy.id, note: "" }))).toEqual({ ok: true });
      expect(await asMember(db, first.id, (trx) => askMentor(trx, { mentorId: p.memberB.id, note: "" }))).toEqual({ ok: false, reason: "unavailable" });
      const waiting = (await asMember(db, busy.id, listOwnMentorships)).filter((entry) => entry.asMentor && entry.state === "requested");
      expect(waiting.map((entry) => [entry.otherHandle, entry.note]).sort()).toEqual([[first.handle, "想找人聊聊工作"], [second.handle, ""]].sort());
      const idOf = (handle: string) => waiting.find((entry) => entry.otherHandle === handle)?.id ?? "";
      // Only the mentor answers.
      expect(await asMember(db, first.id, (trx) => answerMentorship(trx, { mentorshipId: idOf(first.handle), accept: true }))).toEqual({ ok: false, reason: "not-found" });
      expect(await asMember(db, busy.id, (trx) => answerMentorship(trx, { mentorshipId: idOf(first.handle), accept: true }))).toEqual({ ok: true });
      // Capacity 1: the second accept is refused, a decline is not.
      expect(await asMember(db, busy.id, (trx) => answerMentorship(trx, { mentorshipId: idOf(second.handle), accept: true }))).toEqual({ ok: false, reason: "full" });
      expect((await handles(db, p.memberB.id)).includes(busy.handle)).toBe(true);
      expect((await asMember(db, p.memberB.id, (trx) => findMentors(trx, anywhere))).mentors.find((entry) => entry.memberId === busy.id)?.hasRoom).toBe(false);
      expect(await asMember(db, busy.id, (trx) => answerMentorship(trx, { mentorshipId: idOf(second.handle), accept: false }))).toEqual({ ok: true });
      // Either side ends it; the other sees that it ended, not that they ended it.
      expect(await asMember(db, second.id, (trx) => endMentorship(trx, idOf(first.handle)))).toEqual({ ok: false, reason: "not-found" });
      expect(await asMember(db, first.id, (trx) => endMentorship(trx, idOf(first.handle)))).toEqual({ ok: true });
      const mentorSide = (await asMember(db, busy.id, listOwnMentorships)).find((entry) => entry.id === idOf(first.handle));
      const menteeSide = (await asMember(db, first.id, listOwnMentorships)).find((entry) => entry.id === idOf(first.handle));
      expect(mentorSide).toMatchObject({ state: "ended", endedByMe: false, asMentor: true });
      expect(menteeSide).toMatchObject({ state: "ended", endedByMe: true, asMentor: false });
      // A place is free again.
      expect(await asMember(db, first.id, (trx) => askMentor(trx, { mentorId: busy.id, note: "" }))).toEqual({ ok: true });
    });

    it("a member who asks to talk now tells their mentor once the mentor has accepted them, not before", async () => {
      const mentee = await member(db, p.areas.districtY);
      expect(await asMember(db, mentee.id, (trx) => askToTalk(trx, ""))).toEqual({ ok: false, reason: "nobody" });
      const listener = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id);
      await asMember(db, mentee.id, (trx) => askMentor(trx, { mentorId: listener.id, note: "" }));
      expect(await asMember(db, mentee.id, (trx) => askToTalk(trx, ""))).toEqual({ ok: false, reason: "nobody" });
      const [waiting] = (await asMember(db, listener.id, listOwnMentorships)).filter((entry) => entry.otherId === mentee.id);
      expect(await asMember(db, listener.id, (trx) => answerMentorship(trx, { mentorshipId: waiting?.id ?? "", accept: true }))).toEqual({ ok: true });
      const asked = await asMember(db, mentee.id, (trx) => askToTalk(trx, "睡不着"));
      expect(asked).toMatchObject({ ok: true, alerted: 1 });
      const told = await asMember(db, listener.id, listOwnNotifications);
      expect(told.map((entry) => [entry.kind, entry.note])).toEqual([["talk_request", "睡不着"]]);
      expect(await asMember(db, p.socialWorkerX.id, listOwnNotifications)).toEqual([]);
    });

    it("a mentorship and its note are read only by its two parties: not another member, not staff, not the admin", async () => {
      const mentee = await member(db, p.areas.districtX);
      await asMember(db, mentee.id, (trx) => askMentor(trx, { mentorId: mentor.id, note: "只给导师看的话" }));
      const read = (who: string) => asMember(db, who, (trx) => trx.selectFrom("mentorships").select(["id", "note"]).where("mentee_id", "=", mentee.id).execute());
      expect((await read(mentee.id)).map((row) => row.note)).toEqual(["只给导师看的话"]);
      expect((await read(mentor.id)).map((row) => row.note)).toEqual(["只给导师看的话"]);
      for (const outsider of [p.memberB.id, p.socialWorkerX.id, p.socialWorkerY.id, p.admin.id]) {
        expect(await read(outsider)).toEqual([]);
        expect((await asMember(db, outsider, listOwnMentorships)).some((entry) => entry.otherId === mentee.id)).toBe(false);
      }
      await expect(asAnon(db, (trx) => trx.selectFrom("mentorships").selectAll().execute())).rejects.toMatchObject({ code: "42501" });
      // No direct writes: every change goes through the functions.
      await expect(asMember(db, mentee.id, (trx) => sql`update public.mentorships set state = 'active' where mentee_id = ${mentee.id}`.execute(trx))).rejects.toMatchObject({ code: "42501" });
      await expect(asMember(db, mentor.id, (trx) => sql`update public.mentor_profiles set capacity = 10 where member_id = ${mentor.id}`.execute(trx))).rejects.toMatchObject({ code: "42501" });
    });

    it("a block ends what is open, stops the blocked member asking, and is read only by who made it", async () => {
      const blocker = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id, { ...shown, capacity: 3 });
      const pest = await member(db, p.areas.districtX);
      const stranger = await member(db, p.areas.districtX);
      await asMember(db, pest.id, (trx) => askMentor(trx, { mentorId: blocker.id, note: "" }));
      const [request] = await asMember(db, blocker.id, listOwnMentorships);
      await asMember(db, blocker.id, (trx) => answerMentorship(trx, { mentorshipId: request?.id ?? "", accept: true }));
      // Only someone met through a mentorship can be blocked.
      expect(await asMember(db, blocker.id, (trx) => blockMember(trx, stranger.id))).toEqual({ ok: false, reason: "not-found" });
      expect(await asMember(db, blocker.id, (trx) => blockMember(trx, pest.id))).toEqual({ ok: true });
      expect((await asMember(db, pest.id, listOwnMentorships))[0]).toMatchObject({ state: "ended", endedByMe: false, blocked: false });
      expect((await asMember(db, blocker.id, listOwnMentorships))[0]).toMatchObject({ state: "ended", endedByMe: true, blocked: true });
      expect(await asMember(db, pest.id, (trx) => askMentor(trx, { mentorId: blocker.id, note: "" }))).toEqual({ ok: false, reason: "unavailable" });
      expect(await handles(db, pest.id)).not.toContain(blocker.handle);
      const blocks = (who: string) => asMember(db, who, (trx) => trx.selectFrom("member_blocks").select("blocked_id").where("blocker_id", "=", blocker.id).execute());
      expect(await blocks(blocker.id)).toEqual([{ blocked_id: pest.id }]);
      for (const other of [pest.id, p.socialWorkerX.id, p.admin.id]) expect(await blocks(other)).toEqual([]);
      expect(await asMember(db, blocker.id, (trx) => unblockMember(trx, pest.id))).toEqual({ ok: true });
      expect(await asMember(db, pest.id, (trx) => askMentor(trx, { mentorId: blocker.id, note: "" }))).toEqual({ ok: true });
    });

    it("the export holds the member's mentorships on either side and their blocks; deleting an account deletes its mentor rows", async () => {
      const leaving = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id, { ...shown, capacity: 3 });
      const mentee = await member(db, p.areas.districtX);
      await asMember(db, mentee.id, (trx) => askMentor(trx, { mentorId: leaving.id, note: "导出看看" }));
      await asMember(db, leaving.id, (trx) => blockMember(trx, mentee.id));
      const asMentor = await asMember(db, leaving.id, exportOwnData);
      const asMentee = await asMember(db, mentee.id, exportOwnData);
      expect(asMentor?.ownRows.mentorships.map((row) => row.note)).toEqual(["导出看看"]);
      expect(asMentee?.ownRows.mentorships.map((row) => row.note)).toEqual(["导出看看"]);
      expect(asMentor?.ownRows.memberBlocks.map((row) => row.blocked_id)).toEqual([mentee.id]);
      expect(asMentee?.ownRows.memberBlocks).toEqual([]);
      expect(asMentor?.ownRows.mentorProfile.map((row) => row.capacity)).toEqual([3]);
      expect(asMentor?.ownRows.mentorApplications.map((row) => row.status)).toEqual(["approved"]);
      await asSystem(db, "test: delete account", (trx) => deleteAccount(trx, leaving.id, randomBytes(32).toString("base64url")));
      const left = await asSystem(db, "test: count rows", async (trx) => ({
        profiles: (await trx.selectFrom("mentor_profiles").select("member_id").where("member_id", "=", leaving.id).execute()).length,
        applications: (await trx.selectFrom("mentor_applications").select("id").where("member_id", "=", leaving.id).execute()).length,
        mentorships: (await trx.selectFrom("mentorships").select("id").where("mentee_id", "=", mentee.id).execute()).length,
        blocks: (await trx.selectFrom("member_blocks").select("blocked_id").where("blocker_id", "=", leaving.id).execute()).length,
      }));
      expect(left).toEqual({ profiles: 0, applications: 0, mentorships: 0, blocks: 0 });
    });

    it("a suspension ends the mentor's mentorships and declines their waiting requests", async () => {
      const suspended = await makeMentor(db, p.areas.districtX, p.socialWorkerX.id, { ...shown, capacity: 2 });
      const [one, two] = [await member(db, p.areas.districtX), await member(db, p.areas.districtX)];
      await asMember(db, one.id, (trx) => askMentor(trx, { mentorId: suspended.id, note: "" }));
      const [first] = await asMember(db, suspended.id, listOwnMentorships);
      await asMember(db, suspended.id, (trx) => answerMentorship(trx, { mentorshipId: first?.id ?? "", accept: true }));
      await asMember(db, two.id, (trx) => askMentor(trx, { mentorId: suspended.id, note: "" }));
      await asMember(db, p.socialWorkerX.id, (trx) => setMentorSuspension(trx, { memberId: suspended.id, suspend: true, reason: "暂停" }));
      expect((await asMember(db, one.id, listOwnMentorships))[0]).toMatchObject({ state: "ended", endedByMe: false });
      expect((await asMember(db, two.id, listOwnMentorships))[0]).toMatchObject({ state: "declined" });
      expect(await asMember(db, two.id, (trx) => askMentor(trx, { mentorId: suspended.id, note: "" }))).toEqual({ ok: false, reason: "unavailable" });
    });
  });
});

