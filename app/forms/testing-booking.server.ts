/**
 * The booking forms of a member's testing pages: a slot chosen from the list with the key the
 * page was given (so a form sent twice books once), and what each refusal of booking or moving
 * tells the member. Nothing changed in any of them.
 */
import { z } from "zod";
import { formFailure } from "./form-reply";
import { refusal, type Refusals } from "./parse-form.server";

export const SlotChoiceForm = z.object({
  slotId: z.uuid("errors.testing.slotNotFound"),
  idempotencyKey: z.uuid("errors.form.invalid"),
});

export const BOOKING_REFUSALS: Refusals<"not-found" | "past" | "closed" | "full" | "sameDay" | "no-booking" | "tooLate"> = {
  "not-found": refusal(404, formFailure("errors.testing.slotNotFound")),
  past: refusal(409, formFailure("errors.testing.past")),
  closed: refusal(409, formFailure("errors.testing.closed")),
  full: refusal(409, formFailure("errors.testing.full")),
  sameDay: refusal(409, formFailure("errors.testing.sameDay")),
  "no-booking": refusal(404, formFailure("errors.testing.bookingNotFound")),
  tooLate: refusal(409, formFailure("errors.testing.tooLate")),
};
