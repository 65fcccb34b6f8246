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

  it("give each meeting its own words, asked again, as text or as a date, and after more than 2,000 others", () => {
    const at = (minutes: number) => new Date(Date.UTC(2027, 0, 12, 11, 30) + minutes * 60_000);
    for (let round = 0; round < 2; round++) {
      expect(formatMeetingTime({ startsAt: "2027-01-12T11:30:00.000Z", endsAt: "2027-01-12T13:00:00.000Z" }, "zh-CN")).toBe("1月12日周二 19:30–21:00");
      expect(formatMeetingTime({ startsAt: at(0), endsAt: at(45) }, "zh-CN")).toBe("1月12日周二 19:30–20:15");
      expect(formatMeetingTime({ startsAt: at(0), endsAt: at(45) }, "en")).toBe("Tue, January 12 19:30–20:15");
      for (let day = 0; day < 2_100; day++) {
        const startsAt = at(day * 24 * 60);
        expect(formatMeetingTime({ startsAt, endsAt: at(day * 24 * 60 + 90) }, "en")).toMatch(/ 19:30–21:00$/);
      }
      expect(formatMeetingTime({ startsAt: at(24 * 60), endsAt: at(24 * 60 + 60) }, "en")).toBe("Wed, January 13 19:30–20:30");
    }
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

  it("give each list and language its own words, asked again and after more than 2,000 others", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatList(["粤语", "普通话"], "zh-CN")).toBe("粤语和普通话");
      expect(formatList(["普通话", "粤语"], "zh-CN")).toBe("普通话和粤语");
      expect(formatList(["普通话", "粤语"], "en")).toBe("普通话 and 粤语");
      for (let i = 0; i < 2_100; i++) expect(formatList([`a${i}`, "b"], "en")).toBe(`a${i} and b`);
    }
  });
});
