import { describe, expect, it } from "vitest";
import { waitingTime } from "./waiting";

const asked = new Date("2026-12-01T10:00:00Z");
const after = (hours: number) => new Date(asked.getTime() + hours * 3_600_000);

describe("waitingTime", () => {
  it("says under a day until a whole day has passed", () => {
    expect(waitingTime(asked, asked)).toEqual({ kind: "underADay" });
    expect(waitingTime(asked, after(23.99))).toEqual({ kind: "underADay" });
  });

  it("says one day from 24 hours to just under 48", () => {
    expect(waitingTime(asked, after(24))).toEqual({ kind: "oneDay" });
    expect(waitingTime(asked, after(47.99))).toEqual({ kind: "oneDay" });
  });

  it("counts whole days after that", () => {
    expect(waitingTime(asked, after(48))).toEqual({ kind: "days", days: 2 });
    expect(waitingTime(asked, after(24 * 30 + 5))).toEqual({ kind: "days", days: 30 });
  });

  it("treats a clock slightly behind the request as no wait, never a negative one", () => {
    expect(waitingTime(asked, after(-1))).toEqual({ kind: "underADay" });
  });
});
