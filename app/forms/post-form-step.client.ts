import { formFailure, isFormFailure, type FormFailure } from "~/forms/form-reply";

/**
 * Posts one step of a key-handling flow to its resource route. Only derived keys,
 * salts and ciphertext are ever passed in here, never a passphrase or recovery code.
 */
export async function postFormStep<T extends object>(
  url: string,
  fields: Record<string, string | number>,
  csrfToken: string,
): Promise<({ ok: true } & T) | FormFailure> {
  const body = new FormData();
  body.set("csrf", csrfToken);
  for (const [name, value] of Object.entries(fields)) body.set(name, String(value));
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  } catch {
    return formFailure("errors.form.network");
  }
  const reply: unknown = await response.json().catch(() => undefined);
  if (isFormFailure(reply)) return reply;
  if (response.ok && typeof reply === "object" && reply !== null) return reply as { ok: true } & T;
  return formFailure(response.status === 401 ? "errors.form.signedOut" : "errors.form.unexpected");
}
