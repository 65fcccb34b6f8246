import { z } from "zod";
import { isMessageEnvelopeShape, MESSAGE_TEXT_MAX_BYTES } from "~/domain/formats/message-shape";
import { DISAPPEAR_CHOICES, REPORT_ATTACH_MAX, REPORT_NOTE_MAX, REPORT_REASONS } from "~/domain/mentors/messages";

/**
 * The wire shapes of mentor messages (decisions 028 and 032): an envelope the browser sealed
 * (the server checks its shape only), a pin it sealed to itself, the disappearing choice, and
 * a report with the messages the reporter chose to attach.
 */
const INVALID = "errors.field.invalid";
const B64URL = /^[A-Za-z0-9_-]+$/;

const Sequence = z.coerce.number({ error: INVALID }).int(INVALID).min(1, INVALID).max(2_000_000_000, INVALID);

export const SendMessagePayload = z
  .object({
    intent: z.literal("send"),
    sequence: Sequence,
    version: z.coerce.number({ error: INVALID }).int(INVALID),
    nonce: z.string().max(64, INVALID),
    ciphertext: z.string().max(6000, INVALID),
  })
  .refine((value) => isMessageEnvelopeShape({ version: value.version, nonce: value.nonce, ciphertext: value.ciphertext }), {
    message: "errors.messages.unreadable",
    path: ["ciphertext"],
  });

export const SavePinPayload = z.object({
  intent: z.literal("pin"),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{32}$/, INVALID),
  ciphertext: z.string().max(600, INVALID).regex(B64URL, INVALID),
});

export const MessageApiPayload = z.union([SendMessagePayload, SavePinPayload]);

/** "off", "7" or "30" from the conversation page's choice. */
export const DisappearChoice = z
  .enum(["off", ...DISAPPEAR_CHOICES.filter((days) => days !== null).map(String)] as [string, ...string[]], { error: "errors.messages.disappear" })
  .transform((value) => (value === "off" ? null : (Number(value) as 7 | 30)));

const AttachedMessage = z.object({
  fromReporter: z.boolean(),
  sentAt: z.iso.datetime({ error: INVALID }),
  text: z.string().min(1, INVALID).max(MESSAGE_TEXT_MAX_BYTES, INVALID),
});

export const ReportForm = z.object({
  reason: z.enum(REPORT_REASONS, { error: "errors.messages.reportReason" }),
  note: z.string().trim().max(REPORT_NOTE_MAX, "errors.messages.reportNoteTooLong").default(""),
  attached: z
    .string()
    .max(100_000, "errors.messages.attachedTooMany")
    .default("[]")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: INVALID });
        return z.NEVER;
      }
    })
    .pipe(z.array(AttachedMessage, { error: INVALID }).max(REPORT_ATTACH_MAX, "errors.messages.attachedTooMany")),
  block: z.literal("yes").optional(),
});

