import { describe, expect, it } from "vitest";
import { checkSlotSeries } from "~/domain/testing/slot-series";
import { SlotAction, slotProblemErrors } from "~/forms/slot-series";

const series = { intent: "series", startsOn: "2030-03-04", endsOn: "2030-03-29", startTime: "09:00", endTime: "12:00", slotMinutes: "30", capacity: "2", weekday_1: "on", weekday_3: "on" };

describe("slots as a social worker asks for them", () => {
  it("reads the ticked weekdays and the numbers of a series", () => {
    const parsed = SlotAction.parse(series);
    expect(parsed).toEqual({ intent: "series", series: { weekdays: [1, 3], startsOn: "2030-03-04", endsOn: "2030-03-29", startTime: "09:00", endTime: "12:00", slotMinutes: 30, capacity: 2 } });
  });

  it("reads one slot as a series of one day that ends a slot's length later", () => {
    expect(SlotAction.parse({ intent: "single", startsOn: "2030-03-05", startTime: "10:00", slotMinutes: "45", capacity: "1" })).toEqual({
      intent: "single",
      series: { weekdays: [2], startsOn: "2030-03-05", endsOn: "2030-03-05", startTime: "10:00", endTime: "10:45", slotMinutes: 45, capacity: 1 },
    });
  });

  it("leaves what is wrong to the domain, and puts each problem beside its field", () => {
    const parsed = SlotAction.parse({ ...series, endsOn: "2030-03-01", capacity: "0", slotMinutes: "abc", weekday_1: undefined, weekday_3: undefined });
    if (parsed.intent !== "series") throw new Error("series");
    const problems = checkSlotSeries({ ...parsed.series, timeZone: "Asia/Shanghai" }, "2030-01-01");
    expect(slotProblemErrors(problems, "series")).toEqual({
      weekdays: "errors.testingStaff.slots.weekdays.required",
      endsOn: "errors.testingStaff.slots.endsOn.order",
      slotMinutes: "errors.testingStaff.slots.slotMinutes.range",
      capacity: "errors.testingStaff.slots.capacity.range",
    });
  });

  it("shows a one-slot form's problems beside the fields it has", () => {
    const parsed = SlotAction.parse({ intent: "single", startsOn: "", startTime: "23:50", slotMinutes: "30", capacity: "1" });
    if (parsed.intent !== "single") throw new Error("single");
    const errors = slotProblemErrors(checkSlotSeries({ ...parsed.series, timeZone: "Asia/Shanghai" }, "2030-01-01"), "single");
    expect(errors.startsOn).toMatch(/^errors\.testingStaff\.slots\.(weekdays|startsOn)\./);
    expect(errors.slotMinutes).toBe("errors.testingStaff.slots.endTime.format");
  });
});
