import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./format";

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
