import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DISAPPEAR_CHOICES, disappearsAt, isDisappearChoice, MESSAGES_PER_MINUTE, nextSequence, REPORT_ATTACH_MAX, REPORT_NOTE_MAX, REPORT_REASONS, whyCannotSend } from "./messages";

const migration = readFileSync(new URL("../../../supabase/migrations/0053_mentor_messages_and_reports.sql", import.meta.url), "utf8");

describe("mentor message rules", () => {
  it("takes a message only in an active mentorship nobody blocked", () => {
    expect(whyCannotSend({ state: "active", blocked: false })).toBeNull();
    expect(whyCannotSend({ state: "active", blocked: true })).toBe("blocked");
    for (const state of ["requested", "ended", "declined", "withdrawn"] as const) expect(whyCannotSend({ state, blocked: false })).toBe("notOpen");
  });

  it("numbers the next message one past the sender's highest, from 1", () => {
    expect(nextSequence([])).toBe(1);
    expect(nextSequence([1, 2, 3])).toBe(4);
    expect(nextSequence([5, 2])).toBe(6);
  });

  it("offers off, 7 and 30 days, and nothing else", () => {
    expect(DISAPPEAR_CHOICES).toEqual([null, 7, 30]);
    expect(isDisappearChoice(7)).toBe(true);
    expect(isDisappearChoice(null)).toBe(true);
    expect(isDisappearChoice(1)).toBe(false);
    expect(isDisappearChoice("7")).toBe(false);
  });

  it("says when a message disappears", () => {
    const sent = new Date("2026-12-04T10:00:00Z");
    expect(disappearsAt(sent, null)).toBeNull();
    expect(disappearsAt(sent, 7)?.toISOString()).toBe("2026-12-11T10:00:00.000Z");
    expect(disappearsAt(sent, 30)?.toISOString()).toBe("2027-01-03T10:00:00.000Z");
  });

  it("agrees with the migration's vocabularies and limits", () => {
    expect(migration).toContain(`check (reason in (${REPORT_REASONS.map((reason) => `'${reason}'`).join(", ")}))`);
    expect(migration).toContain(`check (disappear_after_days in (${DISAPPEAR_CHOICES.filter((days) => days !== null).join(", ")}))`);
    expect(migration).toContain(`char_length(note) <= ${REPORT_NOTE_MAX}`);
    expect(migration).toContain(`jsonb_array_length(attached_messages) <= ${REPORT_ATTACH_MAX}`);
    expect(migration).toContain(`interval '1 minute') >= ${MESSAGES_PER_MINUTE}`);
  });
});
