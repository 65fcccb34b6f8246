import { z } from "zod/mini";
import { findHandleProblem, normalizeHandle } from "~/domain/accounts/handle";
import { findPassphraseProblem, type PassphraseProblem } from "~/domain/accounts/passphrase";
import { readRecoveryCode } from "~/domain/formats/recovery-code";

/**
 * What a member types into the account forms, one schema per form (decision 005), in zod's
 * smaller build (zod/mini: only what is used reaches the browser; the sign-in page needs
 * these before it can be used, issue 15). Each
 * problem becomes the translation key shown beside its field; checkInput
 * (forms/field-errors.ts) turns a failed parse into those keys. The rules are the domain's
 * (domain/accounts/handle.ts, passphrase.ts) and decision 001's recovery-code text.
 *
 * Only the handle has the same shape on the server: the wire schemas' Handle
 * (forms/account-payloads.ts) is HandleInput. Passphrases and recovery codes never leave
 * the browser; the forms post keys derived from them instead.
 */

/**
 * A handle as typed: NFKC and trimmed, then the domain's rule. The length bound before
 * normalising keeps a body-sized value from being normalised on the server; the field's
 * maxLength keeps the browser far below it.
 */
export const HandleInput = z.pipe(z.string().check(z.maxLength(200, "errors.handle.tooLong")), z.transform(normalizeHandle)).check(
  z.superRefine((handle, ctx) => {
    const problem = findHandleProblem(handle);
    if (problem) ctx.addIssue({ code: "custom", message: `errors.handle.${problem}` });
  }),
);

function passphraseKey(problem: PassphraseProblem): string {
  return `errors.passphrase.${problem}`;
}

/** A passphrase being chosen (sign-up, recovery, change): 10 to 1024 characters after NFKC, no control characters. */
export const NewPassphraseInput = z.string().check(
  z.superRefine((passphrase, ctx) => {
    const problem = findPassphraseProblem(passphrase);
    if (problem) ctx.addIssue({ code: "custom", message: passphraseKey(problem) });
  }),
);

/** A passphrase the account already has: anything not empty (decision 001: a raised minimum locks nobody out). */
export const CurrentPassphraseInput = z.string().check(z.minLength(1, passphraseKey("required")));

/** A recovery code as a person may type it (case, spaces, dashes, I/L/O forgiven; decision 001). */
export const RecoveryCodeInput = z.string().check(z.refine((typed) => readRecoveryCode(typed).ok, "errors.recovery.codeFormat"));

/**
 * The confirmation must repeat a new passphrase (compared after NFKC), said beside the
 * confirmation, and only once the passphrase itself is acceptable.
 */
function confirms<P extends string, C extends string>(passphraseField: P, confirmationField: C) {
  return (input: Record<P | C, string>, ctx: z.core.$RefinementCtx<Record<P | C, string>>) => {
    if (findPassphraseProblem(input[passphraseField], input[confirmationField]) === "mismatch") {
      ctx.addIssue({ code: "custom", path: [confirmationField], message: passphraseKey("mismatch") });
    }
  };
}

/** "This is a shared or borrowed phone", on the forms that start a session (domain/sessions/session-terms.ts). */
export const SharedPhoneInput = z.optional(z.boolean());

export const SignInInput = z.object({ handle: HandleInput, passphrase: CurrentPassphraseInput, sharedPhone: SharedPhoneInput });
export type SignInInput = z.input<typeof SignInInput>;

export const SignUpInput = z
  .object({ handle: HandleInput, passphrase: NewPassphraseInput, passphraseConfirm: z.string(), sharedPhone: SharedPhoneInput })
  .check(z.superRefine(confirms("passphrase", "passphraseConfirm")));
export type SignUpInput = z.input<typeof SignUpInput>;

export const RecoverInput = z
  .object({
    handle: HandleInput,
    recoveryCode: RecoveryCodeInput,
    passphrase: NewPassphraseInput,
    passphraseConfirm: z.string(),
    sharedPhone: SharedPhoneInput,
  })
  .check(z.superRefine(confirms("passphrase", "passphraseConfirm")));
export type RecoverInput = z.input<typeof RecoverInput>;

export const ChangePassphraseInput = z
  .object({ currentPassphrase: CurrentPassphraseInput, newPassphrase: NewPassphraseInput, passphraseConfirm: z.string() })
  .check(z.superRefine(confirms("newPassphrase", "passphraseConfirm")));
export type ChangePassphraseInput = z.input<typeof ChangePassphraseInput>;

/** Unlocking this tab's keys with the passphrase. */
export const UnlockInput = z.object({ passphrase: CurrentPassphraseInput });
export type UnlockInput = z.input<typeof UnlockInput>;

/**
 * A weighty step on the account page: a tick that says the member understands (said first
 * and on its own), then, once it is ticked, the current passphrase.
 */
function tickThenPassphrase<C extends string, P extends string>(confirmField: C, passphraseField: P, confirmMessage: string) {
  type Typed = Record<C, boolean> & Record<P, string>;
  const fields = z.object({ [confirmField]: z.boolean(), [passphraseField]: z.string() }) as unknown as z.ZodMiniType<Typed, Typed>;
  return fields.check(
    z.superRefine((typed, ctx) => {
      if (!typed[confirmField]) {
        ctx.addIssue({ code: "custom", path: [confirmField], message: confirmMessage });
        return;
      }
      for (const { message } of CurrentPassphraseInput.safeParse(typed[passphraseField]).error?.issues ?? []) {
        ctx.addIssue({ code: "custom", path: [passphraseField], message });
      }
    }),
  );
}

/** Deleting the account: the box first, said on its own; once it is ticked, the current passphrase. */
export const DeleteAccountInput = tickThenPassphrase("deleteConfirm", "deletePassphrase", "errors.account.confirmDelete");
export type DeleteAccountInput = z.input<typeof DeleteAccountInput>;

/** A new recovery code: the box, then the current passphrase. */
export const NewRecoveryCodeInput = tickThenPassphrase("recoveryConfirm", "recoveryPassphrase", "errors.account.confirmTick");
export type NewRecoveryCodeInput = z.input<typeof NewRecoveryCodeInput>;

/** Replacing the key pair: the box, then the current passphrase. */
export const ReplaceKeysInput = tickThenPassphrase("replaceConfirm", "replacePassphrase", "errors.account.confirmTick");
export type ReplaceKeysInput = z.input<typeof ReplaceKeysInput>;
