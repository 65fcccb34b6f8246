import { describe, expect, it } from "vitest";
import { checkConferenceLink, checkText } from "./meeting-fields";

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
});
