/**
 * A testing site as a social worker writes it: the neutral public name, the area (one they
 * serve; the data layer checks), the address only staff and booked members see, and notes.
 * The same fields add a site and change one; "status" opens or closes it.
 */
import { z } from "zod";
import { SITE_LIMITS } from "~/domain/testing/site-fields";
import { memberText } from "./member-text";

const siteWords = {
  publicName: memberText(SITE_LIMITS.publicName, "errors.testingStaff.nameTooLong").pipe(z.string().min(1, "errors.testingStaff.nameRequired")),
  address: memberText(SITE_LIMITS.address, "errors.testingStaff.addressTooLong").pipe(z.string().min(1, "errors.testingStaff.addressRequired")),
  openingNotes: memberText(SITE_LIMITS.notes, "errors.testingStaff.notesTooLong"),
  accessibilityNotes: memberText(SITE_LIMITS.notes, "errors.testingStaff.notesTooLong"),
};

export const TestingSiteAction = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("add"), areaId: z.uuid("errors.testingStaff.area"), ...siteWords }),
    z.object({ intent: z.literal("edit"), siteId: z.uuid("errors.form.invalid"), ...siteWords }),
    z.object({ intent: z.literal("status"), siteId: z.uuid("errors.form.invalid"), status: z.enum(["open", "closed"], "errors.form.invalid") }),
  ],
  { error: "errors.form.invalid" },
);
export type TestingSiteAction = z.output<typeof TestingSiteAction>;
