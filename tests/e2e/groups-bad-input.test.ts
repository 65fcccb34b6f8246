/**
 * Bad input to the groups pages (issue 16), posted straight to the server as a script would:
 * random and hostile values in every field of every form a leader and a member have, and in
 * the finder's, the calendar file's and the public check's query strings. Never a 5xx; a 4xx
 * unless the input may legitimately succeed; a meeting that breaks a rule stores nothing.
 */
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { DEMO } from "../support/demo-accounts";
import { signedInClient } from "../support/http-client";

const baseUrl = inject("baseUrl");
/** The demo leader's second group (no demo member in it, so other journeys never see what this posts). */
const GROUP = "b0000000-0000-4000-8000-000000000002";
const MEETING = "e0000000-0000-4000-8000-000000000002";

const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\u200b", "\u202eabc", "\ud800", "😀😀", "a".repeat(5000), "<script>", "' or 1=1 --", "-1", "1e309", "NaN", "2026-02-30", "24:00", "e0000000-0000-4000-8000-000000000002", "d0000000-0000-4000-8000-000000000005"),
);

const GROUP_INTENTS = ["join", "leave", "rsvp", "decide", "cancel", "restore", "move", "coLeader", "stopCoLeader", "attendance", "announce", "changeFrom", "nonsense"];
const GROUP_FIELDS = ["note", "meetingId", "occurrenceOn", "going", "memberId", "decision", "reason", "movedToOn", "movedStartTime", "body", "fromOn", "startTime", "durationMinutes"];
const MEETING_FIELDS = ["name", "startsOn", "startTime", "durationMinutes", "frequency", "monthlyWeek", "end", "untilOn", "occurrenceCount", "attendanceMode", "capacity", "notes", "address", "conferenceLink", "conferencePhone", "type_O"];

/** A value as it goes in a URL; a lone surrogate (which cannot be encoded) as invalid UTF-8 instead. */
function queryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80";
  }
}

describe("bad input to the groups pages", () => {
  it("random input to every form and query never causes a 5xx, and is refused unless it may be right", { timeout: 180_000 }, async () => {
    const leader = await signedInClient(baseUrl, DEMO.leader);
    const posts: Array<[string, string[], (body: Record<string, string>) => boolean]> = [
      [`/groups/${GROUP}`, ["intent", ...GROUP_FIELDS], (body) => body.intent === "announce"],
      [`/groups/${GROUP}/meetings/new`, MEETING_FIELDS, () => false],
      [`/groups/${GROUP}/meetings/${MEETING}/edit`, MEETING_FIELDS, () => false],
      [`/groups/${GROUP}/edit`, ["name", "description", "language_zh-CN", "status"], () => false],
      ["/groups/new", ["name", "description", "areaId", "language_zh-CN"], () => false],
      ["/lead", ["areaId", "note"], () => false],
      ["/staff/leaders", ["intent", "memberId", "since", "applicationId", "decision", "reason"], () => false],
      ["/attendance", ["intent", "periodFrom", "periodTo", "statementId"], (body) => body.intent === "issue"],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...posts), fc.constantFrom(...GROUP_INTENTS, "issue", "withdraw", "verify"), fc.array(nasty, { minLength: 16, maxLength: 16 }), async ([path, fields, mayAccept], intent, values) => {
        const body: Record<string, string> = Object.fromEntries(fields.map((field, i) => [field, values[i] ?? ""]));
        if ("intent" in body) body.intent = intent;
        const response = await leader.post(path, body);
        const described = `${path} ${JSON.stringify(body).slice(0, 300)} -> ${response.status}`;
        expect(response.status, described).toBeLessThan(500);
        if (!mayAccept(body)) expect(response.status, described).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/groups?area=", "/groups?weekday=", "/groups?page=", "/check?code=", `/groups/${GROUP}/calendar.ics?meeting=`, "/groups/"), nasty, async (prefix, value) => {
        const response = await leader.get(`${prefix}${queryValue(value)}`);
        expect(response.status, `${prefix}${value.slice(0, 60)} -> ${response.status}`).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });

  it("a meeting that breaks a rule is refused beside its field and stores nothing", { timeout: 60_000 }, async () => {
    const leader = await signedInClient(baseUrl, DEMO.leader);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const valid = { name: "规则测试", startsOn: today, startTime: "18:00", durationMinutes: "60", frequency: "weekly", monthlyWeek: "", end: "none", untilOn: "", occurrenceCount: "", attendanceMode: "in_person", capacity: "", notes: "", address: "", conferenceLink: "", conferencePhone: "" };
    // [change, the id of the field whose message must show]
    const cases: Array<[Record<string, string>, string]> = [
      [{ end: "until", untilOn: "2020-01-01" }, "meeting-until"],
      [{ startsOn: "2027-02-30" }, "meeting-starts-on"],
      [{ end: "count", occurrenceCount: "500" }, "meeting-count"],
      [{ name: "名".repeat(81) }, "meeting-name"],
      [{ durationMinutes: "5" }, "meeting-duration"],
      [{ attendanceMode: "online" }, "meeting-link"],
      [{ conferenceLink: "http://meeting.example.cn/x" }, "meeting-link"],
      [{ frequency: "monthly", monthlyWeek: "" }, "meeting-monthly-week"],
    ];
    const before = await (await leader.get(`/groups/${GROUP}`)).text();
    for (const [change, field] of cases) {
      const response = await leader.post(`/groups/${GROUP}/meetings/new`, { ...valid, ...change });
      expect(response.status, JSON.stringify(change)).toBe(400);
      expect(await response.text(), JSON.stringify(change)).toContain(`id="${field}-error"`);
    }
    const after = await (await leader.get(`/groups/${GROUP}`)).text();
    expect(after.match(/规则测试/g)).toEqual(before.match(/规则测试/g));
    // Someone else's group: the demo member leads nothing, so the form does not exist for them.
    const member = await signedInClient(baseUrl, DEMO.member);
    expect((await member.post(`/groups/${GROUP}/meetings/new`, valid)).status).toBe(403);
  });
});
