import { useState } from "react";
import { prepareKeyWork } from "./key-work.client";
import { errorsForPage, isFormFailure, type FieldErrors, type FormFailure } from "~/forms/form-reply";

// The encryption starts loading as soon as a page with such a form runs in the browser, before
// it hydrates, so it is usually ready when the member submits; a submit made earlier waits for
// it (key-work.tsx says so). A failed load is tried again by that submit.
if (typeof window !== "undefined") prepareKeyWork().catch(() => undefined);

/** A form-level message; `values` fill it in (e.g. how many minutes to wait). */
export type FormNotice = { key: string; tone: "error" | "info"; values?: Record<string, number> };

/** "Try again in N minutes" for a refusal that says how long to wait. */
export function waitValues(problem: FieldErrors | FormFailure): Record<string, number> | undefined {
  const seconds = isFormFailure(problem) ? problem.retryAfterSeconds : undefined;
  return seconds === undefined ? undefined : { count: Math.max(1, Math.ceil(seconds / 60)) };
}

/**
 * State shared by the pages whose forms derive keys in the browser: busy while
 * deriving, errors beside fields, one form-level notice.
 */
export function useKeyForm(visibleFields: readonly string[]) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<FormNotice>();

  return {
    busy,
    errors,
    notice,
    start() {
      setBusy(true);
      setErrors({});
      setNotice(undefined);
    },
    /** Problems found in the browser (field → message key), or a refusal from the server. */
    fail(problem: FieldErrors | FormFailure) {
      const shown = isFormFailure(problem) ? errorsForPage(problem, visibleFields) : { fieldErrors: problem };
      setErrors(shown.fieldErrors);
      setNotice(shown.formError ? { key: shown.formError, tone: "error", values: waitValues(problem) } : undefined);
      setBusy(false);
    },
    succeed(message?: string) {
      setBusy(false);
      setNotice(message ? { key: message, tone: "info" } : undefined);
    },
  };
}
