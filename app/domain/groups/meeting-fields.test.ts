import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ATTENDANCE_MODES, checkConferenceLink, checkText, GROUP_LANGUAGES, MEETING_TYPES, TEXT_LIMITS } from "./meeting-fields";
import { FREQUENCIES, MEETING_MINUTES, MONTHLY_WEEKS } from "./recurrence";

describe("group and meeting text", () => {
  it("says the limit when text is too long, counting characters as people do", () => {
    expect(checkText("groupName", "互".repeat(80))).toBeNull();
    expect(checkText("groupName", "互".repeat(81))).toEqual({ problem: "tooLong", max: 80 });
    expect(checkText("groupName", "😀".repeat(80))).toBeNull();
  });

  it("refuses invisible and control characters but keeps line breaks in notes", () => {
    expect(checkText("meetingNotes", "第一行\n第二行")).toBeNull();
    expect(checkText("groupName", "a\u202Eb")).toEqual({ problem: "characters" });
    expect(checkText("groupName", "a\u0000")).toEqual({ problem: "characters" });
  });

  it("takes only https links without a password in them", () => {
    expect(checkConferenceLink("https://meeting.example.cn/j/123")).toBeNull();
    expect(checkConferenceLink("http://meeting.example.cn/j/123")).toBe("https");
    expect(checkConferenceLink("javascript:alert(1)")).toBe("https");
    expect(checkConferenceLink("https://user:pw@meeting.example.cn/")).toBe("https");
    expect(checkConferenceLink("HTTPS://meeting.example.cn/j/1")).toBe("https");
    expect(checkConferenceLink("https://meeting.example.cn/j/1 x")).toBe("https");
    expect(checkConferenceLink(`https://example.cn/${"a".repeat(500)}`)).toBe("tooLong");
  });

  it("take a link only when a URL parser reads it as https to a named host with no password", () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ validSchemes: ["https", "http", "ftp"], withQueryParameters: true, withFragments: true }), fc.string({ unit: "grapheme", maxLength: 80 })), (value) => {
        const problem = checkConferenceLink(value);
        if (problem !== null) return;
        const url = new URL(value);
        expect([url.protocol, url.username, url.password]).toEqual(["https:", "", ""]);
        expect([...value].length).toBeLessThanOrEqual(TEXT_LIMITS.conferenceLink);
      }),
    );
  });
});

describe("the shared words of groups and meetings", () => {
  // The tables refuse what the forms should have refused with a message: the two must agree.
  const migrations = ["0021_groups_and_meetings.sql", "0022_attendance_announcements_and_statements.sql"]
    .map((name) => readFileSync(new URL(`../../../supabase/migrations/${name}`, import.meta.url), "utf8"))
    .join("\n");
  const constraint = (name: string) => {
    const found = new RegExp(`constraint ${name} check \\(([\\s\\S]*?)\\),?\\n`).exec(migrations)?.[1];
    if (found === undefined) throw new Error(`no constraint ${name}`);
    return found;
  };
  const quoted = (name: string) => [...constraint(name).matchAll(/'([^']*)'/g)].map((match) => match[1]);

  it("hold the text limits the tables hold", () => {
    const tables: Record<string, keyof typeof TEXT_LIMITS> = {
      groups_name_length: "groupName",
      groups_description_length: "groupDescription",
      group_memberships_note_length: "joinNote",
      group_memberships_reason_length: "decisionReason",
      leader_applications_note_length: "applicationNote",
      leader_applications_reason_length: "decisionReason",
      meetings_name_length: "meetingName",
      meetings_notes_length: "meetingNotes",
      meeting_private_details_address_length: "address",
      meeting_private_details_link: "conferenceLink",
      meeting_private_details_phone_length: "conferencePhone",
      group_announcements_body_length: "announcement",
    };
    for (const [name, field] of Object.entries(tables)) {
      expect([name, Number(/(?:<=|between 1 and) (\d+)/.exec(constraint(name))?.[1])]).toEqual([name, TEXT_LIMITS[field]]);
    }
    expect(TEXT_LIMITS).toMatchObject({ groupName: 80, groupDescription: 2000, meetingName: 80, meetingNotes: 1000, address: 300, joinNote: 500, decisionReason: 500, announcement: 2000 });
  });

  it("hold the Meeting Guide types, attendance modes, languages and series rules the tables hold", () => {
    expect(quoted("meetings_types")).toEqual([...MEETING_TYPES]);
    expect(quoted("meetings_attendance_mode")).toEqual([...ATTENDANCE_MODES]);
    expect(quoted("groups_languages")).toEqual([...GROUP_LANGUAGES]);
    expect(quoted("meetings_frequency")).toEqual([...FREQUENCIES]);
    expect(constraint("meetings_monthly_week")).toContain(`in (${MONTHLY_WEEKS.join(", ")})`);
    expect(constraint("meetings_duration")).toBe(`duration_minutes between ${MEETING_MINUTES.min} and ${MEETING_MINUTES.max}`);
  });
});
