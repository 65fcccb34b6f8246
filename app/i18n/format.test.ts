import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDay, formatList, formatMeetingTime } from "./format";

describe("dates as members read them", () => {
  const instant = "2026-03-01T16:30:00Z"; // 00:30 on 2 March in China Standard Time

  it("shows the date and time in Asia/Shanghai, whatever the server's zone", () => {
    expect(formatDate(instant, "en")).toBe("Mar 2, 2026");
    expect(formatDateTime(instant, "en")).toMatch(/^Mar 2, 2026, 12:30\sAM$/);
    expect(formatDate(instant, "zh-CN")).toBe("2026年3月2日");
  });

  it("keeps each language's formatter apart (one made per language and style)", () => {
    expect(formatDate(instant, "en")).not.toBe(formatDate(instant, "zh-CN"));
    expect(formatDateTime(new Date(instant), "en")).toBe(formatDateTime(instant, "en"));
  });
});

describe("meeting times", () => {
  it("read as a day and a range of times in China Standard Time, in each language", () => {
    const occurrence = { startsAt: new Date("2027-01-12T11:30:00Z"), endsAt: new Date("2027-01-12T13:00:00Z") };
    expect(formatMeetingTime(occurrence, "zh-CN")).toBe("1月12日周二 19:30–21:00");
    expect(formatMeetingTime(occurrence, "en")).toBe("Tue, January 12 19:30–21:00");
  });
});

describe("a place's own date", () => {
  it("reads as that day, whatever the server's zone", () => {
    expect(formatDay("2027-01-12", "zh-CN")).toBe("1月12日周二");
    expect(formatDay("2027-01-12", "en")).toBe("Tue, January 12");
  });
});

describe("lists", () => {
  it("are joined as each language joins them", () => {
    expect(formatList(["普通话", "粤语", "英语"], "zh-CN")).toBe("普通话、粤语和英语");
    expect(formatList(["Mandarin", "Cantonese", "English"], "en")).toBe("Mandarin, Cantonese, and English");
    expect(formatList(["Mandarin"], "en")).toBe("Mandarin");
    expect(formatList([], "en")).toBe("");
  });
});
