/**
 * A group's meetings for its members (issue 16) on every engine: RSVPs, the waitlist (also
 * under concurrent answers on the PostgreSQL server), and the meetings of a member's own
 * groups on the home page.
 */
import { sql, type Kysely } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "~/data/db.server";
import { decideMembership, getGroupPage, leaveGroup, requestToJoin } from "~/data/groups.server";
import { answerRsvp, createMeeting, listOwnMeetingSeries, listOwnWaitlistPlaces, listRsvps, listSeriesOfGroups } from "~/data/meetings.server";
import { asMember, asSystem } from "~/data/rls.server";
import type { Database } from "~/data/schema";
import { addDays } from "~/domain/groups/local-time";
import { createTestAccount, type Persona } from "../support/db-personas";
import { describeOnEveryEngine } from "../support/db-suite";
import { createGroupFixture, createOtherGroup, today, weeklyMeeting, type GroupFixture } from "../support/group-fixture";

describeOnEveryEngine("group meetings", { personas: true }, ({ db, p, engineOptions }) => {
  let g: GroupFixture;
  /** A member with no part in any group. */
  let stranger: Persona;

  beforeAll(async () => {
    g = await createGroupFixture(db, p);
    ({ stranger } = await createOtherGroup(db, p, ["yue", "zh-CN"]));
  });

  describe("RSVP and the waitlist", () => {
    it("gives places up to capacity, then the waitlist; a cancellation promotes the earliest waiting", async () => {
      const meetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, addDays(today(), 5), { capacity: 2 })));
      if (!meetingId) throw new Error("meeting");
      const on = addDays(today(), 5);
      const members = await approvedMembers(4);
      const answers = [];
      for (const member of members) {
        answers.push(await asMember(db, member.id, (trx) => answerRsvp(trx, meetingId, on, true)));
        // The line is kept by the time of each answer (then by member id, domain/groups/waitlist.ts);
        // PGlite's clock counts milliseconds, so answers one after another could share one.
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
      expect(answers.map((answer) => (answer.ok ? answer.status : answer.reason))).toEqual(["going", "going", "waitlisted", "waitlisted"]);
      // Each waiting member sees their own place in line, nobody else's.
      const placesOf = (member: Persona) => asMember(db, member.id, (trx) => listOwnWaitlistPlaces(trx, [meetingId], on));
      expect(await placesOf(members[2]!)).toEqual([{ meetingId, occurrenceOn: on, place: 1 }]);
      expect(await placesOf(members[3]!)).toEqual([{ meetingId, occurrenceOn: on, place: 2 }]);
      expect(await placesOf(members[0]!)).toEqual([]);
      // Saying "going" again changes nothing; a stranger is refused.
      expect(await asMember(db, members[2]!.id, (trx) => answerRsvp(trx, meetingId, on, true))).toEqual({ ok: true, status: "waitlisted" });
      expect(await asMember(db, stranger.id, (trx) => answerRsvp(trx, meetingId, on, true))).toEqual({ ok: false, reason: "not-member" });
      expect(await asMember(db, members[0]!.id, (trx) => answerRsvp(trx, meetingId, on, false))).toEqual({ ok: true, status: "not_going" });
      const after = await asMember(db, p.memberA.id, (trx) => listRsvps(trx, [meetingId], on));
      const statusOf = (member: Persona) => after.find((rsvp) => rsvp.memberId === member.id)?.status;
      expect(members.map(statusOf)).toEqual(["not_going", "going", "going", "waitlisted"]);
      // A member who leaves frees their place too.
      await asMember(db, members[1]!.id, (trx) => leaveGroup(trx, g.groupId));
      const later = await asMember(db, p.memberA.id, (trx) => listRsvps(trx, [meetingId], on));
      expect(members.map((member) => later.find((rsvp) => rsvp.memberId === member.id)?.status)).toEqual(["not_going", undefined, "going", "going"]);
    });

    it("a larger capacity moves the waiting up at once, and a newcomer never overtakes them", async () => {
      const on = addDays(today(), 5);
      const meetingId = await asMember(db, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, on, { capacity: 1 })));
      if (!meetingId) throw new Error("meeting");
      const members = await approvedMembers(4);
      const answer = (member: Persona) => asMember(db, member.id, (trx) => answerRsvp(trx, meetingId, on, true));
      expect(await answer(members[0]!)).toEqual({ ok: true, status: "going" });
      expect(await answer(members[1]!)).toEqual({ ok: true, status: "waitlisted" });
      expect(await answer(members[2]!)).toEqual({ ok: true, status: "waitlisted" });
      // Answers a minute apart: the line's order does not hang on the clock's resolution.
      await asSystem(db, "test: answer times a minute apart", async (trx) => {
        for (const [index, member] of members.slice(0, 3).entries()) {
          await sql`update public.meeting_rsvps set responded_at = now() - make_interval(mins => ${10 - index}) where meeting_id = ${meetingId}::uuid and member_id = ${member.id}::uuid`.execute(trx);
        }
      });
      const setCapacity = (capacity: number | null) => asMember(db, p.memberA.id, (trx) => trx.updateTable("meetings").set({ capacity }).where("id", "=", meetingId).execute());
      const statuses = async () => {
        const rsvps = await asMember(db, p.memberA.id, (trx) => listRsvps(trx, [meetingId], on));
        return members.map((member) => rsvps.find((rsvp) => rsvp.memberId === member.id)?.status);
      };
      await setCapacity(2);
      expect(await statuses()).toEqual(["going", "going", "waitlisted", undefined]);
      // A place freed while someone waits is theirs: the newcomer joins the line behind them.
      await asSystem(db, "test: a waiting answer left over", (trx) => trx.updateTable("meetings").set({ capacity: 3 }).where("id", "=", meetingId).execute());
      await asSystem(db, "test: a waiting answer left over", (trx) =>
        trx.updateTable("meeting_rsvps").set({ status: "waitlisted" }).where("meeting_id", "=", meetingId).where("member_id", "=", members[1]!.id).execute(),
      );
      expect(await answer(members[3]!)).toEqual({ ok: true, status: "waitlisted" });
      await setCapacity(null);
      expect(await statuses()).toEqual(["going", "going", "going", "going"]);
    });

    // On the PostgreSQL server through 24 connections at once (PGlite has one connection and
    // takes transactions one by one, so there it checks the arithmetic only).
    it("never exceeds capacity under concurrent answers, and concurrent cancellations promote exactly as many", async () => {
      const wide: Kysely<Database> = engineOptions.kind === "postgres" ? await connectDatabase({ ...engineOptions, maxConnections: 24 }) : db;
      try {
        const on = addDays(today(), 6);
        const meetingId = await asMember(wide, p.memberA.id, (trx) => createMeeting(trx, weeklyMeeting(g.groupId, on, { capacity: 5 })));
        if (!meetingId) throw new Error("meeting");
        const members = await approvedMembers(20);
        const answers = await Promise.all(members.map((member) => asMember(wide, member.id, (trx) => answerRsvp(trx, meetingId, on, true))));
        expect(answers.filter((answer) => answer.ok && answer.status === "going")).toHaveLength(5);
        const going = async () => (await asMember(wide, p.memberA.id, (trx) => listRsvps(trx, [meetingId], on))).filter((rsvp) => rsvp.status === "going");
        const goingBefore = await going();
        expect(goingBefore).toHaveLength(5);
        // In the database's own order: answer times in microseconds (a Date keeps milliseconds, so
        // two answers in one millisecond would fall back to the member id here but not there).
        const waiting = await asSystem(db, "test: the waitlist in its order", (trx) =>
          trx
            .selectFrom("meeting_rsvps")
            .select("member_id as memberId")
            .where("meeting_id", "=", meetingId)
            .where("occurrence_on", "=", on)
            .where("status", "=", "waitlisted")
            .orderBy("responded_at")
            .orderBy("member_id")
            .execute(),
        );
        // Three of the five cancel at once: the first three waiting move up, nobody else.
        const leaving = goingBefore.slice(0, 3).map((rsvp) => rsvp.memberId);
        await Promise.all(leaving.map((memberId) => asMember(wide, memberId, (trx) => answerRsvp(trx, meetingId, on, false))));
        const goingAfter = (await going()).map((rsvp) => rsvp.memberId).sort();
        expect(goingAfter).toEqual([...goingBefore.slice(3).map((rsvp) => rsvp.memberId), ...waiting.slice(0, 3).map((rsvp) => rsvp.memberId)].sort());
      } finally {
        if (wide !== db) await wide.destroy();
      }
    });

    async function approvedMembers(count: number): Promise<Persona[]> {
      const members: Persona[] = [];
      for (let index = 0; index < count; index += 1) {
        const member = await createTestAccount(db, "memberB");
        await asMember(db, member.id, (trx) => requestToJoin(trx, g.groupId, ""));
        await asMember(db, p.memberA.id, (trx) => decideMembership(trx, { groupId: g.groupId, memberId: member.id, decision: "approved", reason: "" }));
        members.push(member);
      }
      return members;
    }
  });

  describe("on the home page", () => {
    it("lists the meetings of a member's own groups for the home page, as the group page reads them", async () => {
      const series = await asMember(db, p.memberB.id, (trx) => listSeriesOfGroups(trx, [g.groupId]));
      const onGroupPage = series.find((entry) => entry.id === g.meetingId);
      expect(onGroupPage?.exceptions).toEqual([{ occurrenceOn: g.cancelledOn, kind: "cancelled" }]);
      const groupName = (await asMember(db, p.memberB.id, (trx) => getGroupPage(trx, g.groupId)))?.group.name;
      for (const who of [p.memberB, p.memberA]) {
        const own = await asMember(db, who.id, (trx) => listOwnMeetingSeries(trx));
        const meeting = own.find((entry) => entry.id === g.meetingId);
        expect(meeting).toMatchObject({ groupId: g.groupId, groupName, series: onGroupPage?.series, exceptions: onGroupPage?.exceptions });
      }
      expect(await asMember(db, stranger.id, (trx) => listOwnMeetingSeries(trx))).toEqual([]);
    });
  });
});
