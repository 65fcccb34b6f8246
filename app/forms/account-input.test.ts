import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRecoveryCode, normalizeRecoveryCode } from "~/crypto/account-keys";
import { findHandleProblem } from "~/domain/accounts/handle";
import { findPassphraseProblem } from "~/domain/accounts/passphrase";
import {
  ChangePassphraseInput,
  CurrentPassphraseInput,
  DeleteAccountInput,
  HandleInput,
  NewPassphraseInput,
  NewRecoveryCodeInput,
  RecoverInput,
  RecoveryCodeInput,
  ReplaceKeysInput,
  SignInInput,
  SignUpInput,
  UnlockInput,
} from "~/forms/account-input";
import { Handle } from "~/forms/account-payloads";
import { checkInput } from "~/forms/field-errors";
import type { FieldErrors } from "~/forms/form-reply";

/** What a schema says about one field: its message key, or null when it accepts the value. */
function keyOf(schema: { safeParse: (value: string) => { success: boolean; error?: { issues: { message: string }[] } } }, value: string) {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error?.issues[0]?.message ?? "no message");
}

function errorsOf(result: { ok: true } | { ok: false; fieldErrors: FieldErrors }): FieldErrors {
  return result.ok ? {} : result.fieldErrors;
}

// The mapping each page wrote by hand before decision 005, kept here as the reference.
function handleBefore(found: FieldErrors, handle: string) {
  const problem = findHandleProblem(handle);
  if (problem) found.handle = `errors.handle.${problem}`;
}
function recoveryCodeBefore(found: FieldErrors, code: string) {
  try {
    normalizeRecoveryCode(code);
  } catch {
    found.recoveryCode = "errors.recovery.codeFormat";
  }
}
function newPassphraseBefore(found: FieldErrors, field: string, passphrase: string, confirmation: string) {
  const problem = findPassphraseProblem(passphrase, confirmation);
  if (problem === "mismatch") found.passphraseConfirm = "errors.passphrase.mismatch";
  else if (problem) found[field] = `errors.passphrase.${problem}`;
}

const HANDLES = ["", "   ", "a", "ab", "小明", "ming_88", "A-b", "阿强2024", "ｍｉｎｇ", " Ming ", "x".repeat(24), "x".repeat(25), "x".repeat(300), "𠀀".repeat(24), "𠀀".repeat(25)];
const BAD_HANDLES = ["has space", "tab\there", "zero\u200bwidth", "rtl\u202eevil", "emoji😀", "a@b", "\u0301ab", "bad\ufffd", "bad\u0000nul", "\ud800lone"];
const PASSPHRASES = ["", " ", "short", "correct horse", "一二三四五六七八九十", "一二三四五六七八九", "with\u0000nul char", "ｆｕｌｌｗｉｄｔｈ ok", "fullwidth ok", "x".repeat(1024), "x".repeat(1025)];

const handle = fc.oneof(fc.constantFrom(...HANDLES, ...BAD_HANDLES), fc.string({ maxLength: 30 }), fc.string({ unit: "grapheme", maxLength: 30 }));
const passphrase = fc.oneof(fc.constantFrom(...PASSPHRASES), fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 20 }));
const CODE = formatRecoveryCode("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
const recoveryCode = fc.constantFrom("", "short", CODE, CODE.toLowerCase().replaceAll("-", " "), CODE.replaceAll("1", "l").replaceAll("0", "o"), `${CODE}0`, CODE.replace("A", "U"));

describe("handle", () => {
  it("is the server's Handle schema itself", () => {
    expect(HandleInput).toBe(Handle);
  });

  it.each([...HANDLES, ...BAD_HANDLES])("maps each problem to errors.handle.<problem>, as the domain names it: %j", (value) => {
    const problem = findHandleProblem(value);
    expect(keyOf(HandleInput, value)).toBe(problem ? `errors.handle.${problem}` : null);
  });

  it("agrees with findHandleProblem on any string the handle field can hold", () => {
    fc.assert(
      fc.property(handle, (value) => {
        const problem = findHandleProblem(value);
        expect(keyOf(HandleInput, value)).toBe(problem ? `errors.handle.${problem}` : null);
      }),
      { numRuns: 500 },
    );
  });

  it("says tooLong for a body-sized handle without normalising it (the server's bound)", () => {
    expect(keyOf(HandleInput, " ".repeat(201))).toBe("errors.handle.tooLong");
  });

  it("gives the normalised handle", () => {
    expect(HandleInput.parse(" ｍｉｎｇ ")).toBe("ming");
  });
});

describe("passphrases", () => {
  it.each(PASSPHRASES)("a new one maps each problem to errors.passphrase.<problem>: %j", (value) => {
    const problem = findPassphraseProblem(value);
    expect(keyOf(NewPassphraseInput, value)).toBe(problem ? `errors.passphrase.${problem}` : null);
  });

  it("a current one only has to be there", () => {
    expect(keyOf(CurrentPassphraseInput, "")).toBe("errors.passphrase.required");
    for (const value of [" ", "short", "\u0000"]) expect(keyOf(CurrentPassphraseInput, value)).toBeNull();
  });
});

describe("recovery code", () => {
  it("forgives case, spaces, dashes and I/L/O, and refuses anything else with codeFormat", () => {
    for (const value of [CODE, CODE.toLowerCase().replaceAll("-", " "), CODE.replaceAll("1", "l").replaceAll("0", "o")]) {
      expect(keyOf(RecoveryCodeInput, value)).toBeNull();
    }
    for (const value of ["", "short", `${CODE}0`, CODE.replace("A", "U")]) expect(keyOf(RecoveryCodeInput, value)).toBe("errors.recovery.codeFormat");
  });

  it("accepts exactly what the crypto core's normalizeRecoveryCode reads (one rule: domain/formats/recovery-code.ts)", () => {
    const reads = (text: string) => {
      try {
        normalizeRecoveryCode(text);
        return true;
      } catch {
        return false;
      }
    };
    const letter = fc.constantFrom(..."0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghjkmnpqrstvwxyzILOiloＡＢ１");
    const separator = fc.constantFrom("", "", "", " ", "-", "\u2010", "\u2015", "\u2212", "\u30fc", "\u3000", "\t", "_");
    const stray = fc.option(fc.constantFrom("U", "u", "é", "\u200b", "!"), { freq: 3 });
    const nearCode = fc
      .tuple(fc.array(fc.tuple(letter, separator), { minLength: 31, maxLength: 33 }), stray)
      .map(([pairs, extra]) => pairs.map(([a, b]) => a + b).join("") + (extra ?? ""));
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(nearCode, fc.string({ maxLength: 40 }), recoveryCode), (value) => {
        expect(keyOf(RecoveryCodeInput, value) === null).toBe(reads(value));
        if (reads(value)) accepted += 1;
      }),
      { numRuns: 2000 },
    );
    expect(accepted).toBeGreaterThan(200); // both answers were tried often
  });
});

describe("each form gives the same keys beside the same fields as its page did", () => {
  it("sign-in", () => {
    fc.assert(
      fc.property(handle, passphrase, (h, p) => {
        const before: FieldErrors = {};
        handleBefore(before, h);
        if (!p) before.passphrase = "errors.passphrase.required";
        expect(errorsOf(checkInput(SignInInput, { handle: h, passphrase: p }))).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("sign-up", () => {
    fc.assert(
      fc.property(handle, passphrase, fc.boolean(), passphrase, (h, p, same, other) => {
        const confirmation = same ? p : other;
        const before: FieldErrors = {};
        handleBefore(before, h);
        newPassphraseBefore(before, "passphrase", p, confirmation);
        expect(errorsOf(checkInput(SignUpInput, { handle: h, passphrase: p, passphraseConfirm: confirmation }))).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("recover", () => {
    fc.assert(
      fc.property(handle, recoveryCode, passphrase, fc.boolean(), passphrase, (h, code, p, same, other) => {
        const confirmation = same ? p : other;
        const before: FieldErrors = {};
        handleBefore(before, h);
        recoveryCodeBefore(before, code);
        newPassphraseBefore(before, "passphrase", p, confirmation);
        const typed = { handle: h, recoveryCode: code, passphrase: p, passphraseConfirm: confirmation };
        expect(errorsOf(checkInput(RecoverInput, typed))).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("passphrase change", () => {
    fc.assert(
      fc.property(passphrase, passphrase, fc.boolean(), passphrase, (current, next, same, other) => {
        const confirmation = same ? next : other;
        const before: FieldErrors = {};
        if (!current) before.currentPassphrase = "errors.passphrase.required";
        newPassphraseBefore(before, "newPassphrase", next, confirmation);
        const typed = { currentPassphrase: current, newPassphrase: next, passphraseConfirm: confirmation };
        expect(errorsOf(checkInput(ChangePassphraseInput, typed))).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it("a mismatch is said beside the confirmation, only once the passphrase itself is fine", () => {
    const typed = { handle: "ab", passphrase: "long enough one", passphraseConfirm: "long enough two" };
    expect(errorsOf(checkInput(SignUpInput, typed))).toEqual({ passphraseConfirm: "errors.passphrase.mismatch" });
    expect(errorsOf(checkInput(SignUpInput, { ...typed, handle: "x".repeat(300), passphrase: "short" }))).toEqual({
      handle: "errors.handle.tooLong",
      passphrase: "errors.passphrase.tooShort",
    });
  });

  it("unlock", () => {
    expect(errorsOf(checkInput(UnlockInput, { passphrase: "" }))).toEqual({ passphrase: "errors.passphrase.required" });
    expect(checkInput(UnlockInput, { passphrase: "x" }).ok).toBe(true);
  });

  it("delete: the box first and on its own, then the passphrase", () => {
    expect(errorsOf(checkInput(DeleteAccountInput, { deleteConfirm: false, deletePassphrase: "" }))).toEqual({ deleteConfirm: "errors.account.confirmDelete" });
    expect(errorsOf(checkInput(DeleteAccountInput, { deleteConfirm: false, deletePassphrase: "x" }))).toEqual({ deleteConfirm: "errors.account.confirmDelete" });
    expect(errorsOf(checkInput(DeleteAccountInput, { deleteConfirm: true, deletePassphrase: "" }))).toEqual({ deletePassphrase: "errors.passphrase.required" });
    expect(checkInput(DeleteAccountInput, { deleteConfirm: true, deletePassphrase: "x" }).ok).toBe(true);
  });

  it("new recovery code and replacing keys: the box first and on its own, then the passphrase", () => {
    expect(errorsOf(checkInput(NewRecoveryCodeInput, { recoveryConfirm: false, recoveryPassphrase: "" }))).toEqual({ recoveryConfirm: "errors.account.confirmTick" });
    expect(errorsOf(checkInput(NewRecoveryCodeInput, { recoveryConfirm: true, recoveryPassphrase: "" }))).toEqual({ recoveryPassphrase: "errors.passphrase.required" });
    expect(checkInput(NewRecoveryCodeInput, { recoveryConfirm: true, recoveryPassphrase: "x" }).ok).toBe(true);
    expect(errorsOf(checkInput(ReplaceKeysInput, { replaceConfirm: false, replacePassphrase: "x" }))).toEqual({ replaceConfirm: "errors.account.confirmTick" });
    expect(errorsOf(checkInput(ReplaceKeysInput, { replaceConfirm: true, replacePassphrase: "" }))).toEqual({ replacePassphrase: "errors.passphrase.required" });
    expect(checkInput(ReplaceKeysInput, { replaceConfirm: true, replacePassphrase: "x" }).ok).toBe(true);
  });
});
