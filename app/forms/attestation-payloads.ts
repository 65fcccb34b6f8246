import { z } from "zod";
import { isEnvelopeShape } from "~/domain/formats/envelope-shape";
import { SEALED_ATTESTATION_MAX_BYTES } from "~/domain/testing/attestation";

/**
 * The wire shapes of the two steps that make an attestation link: the server signs, the
 * member's browser seals and stores. The server checks the sealed text's shape only.
 */
const INVALID = "errors.field.invalid";
const Booking = z.uuid("errors.attestations.noResult");
const ExpiresOn = z.string().trim().max(10, "errors.attestations.expiry.format");

export const AttestationPayload = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("sign"), bookingId: Booking, expiresOn: ExpiresOn }),
    z.object({
      intent: z.literal("store"),
      id: z.uuid(INVALID),
      bookingId: Booking,
      expiresOn: ExpiresOn,
      sealed: z
        .string()
        .max(2000, INVALID)
        .refine((value) => isEnvelopeShape(value, SEALED_ATTESTATION_MAX_BYTES), INVALID),
    }),
  ],
  { error: "errors.form.invalid" },
);
