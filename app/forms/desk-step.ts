/**
 * A step at a testing site's desk, by the booking code as the worker typed it (lower case,
 * spaces or no dash are fine): check in, record the outcome, or mark a no-show.
 */
import { z } from "zod";
import { normaliseBookingCode, TEST_OUTCOMES } from "~/domain/testing/booking-rules";

const code = z
  .string()
  .trim()
  .min(1, "errors.testingStaff.desk.codeRequired")
  .refine((typed) => normaliseBookingCode(typed) !== null, "errors.testingStaff.desk.codeFormat");

export const DeskStep = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("checkIn"), code }),
    z.object({ intent: z.literal("noShow"), code }),
    z.object({ intent: z.literal("result"), code, outcome: z.enum(TEST_OUTCOMES, "errors.testingStaff.desk.outcome") }),
  ],
  { error: "errors.form.invalid" },
);
export type DeskStep = z.output<typeof DeskStep>;
