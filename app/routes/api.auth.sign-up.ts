import type { ActionFunctionArgs } from "@remix-run/node";
import { SignUpPayload } from "~/forms/account-payloads";
import { refusedReply, startSessionHeaders } from "~/auth/auth-replies.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";
import { detectLanguage } from "~/i18n/language.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, SignUpPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await getAuthProvider().signUp(form.value, { clientAddress: context.clientAddress, locale: detectLanguage(request) });
  if (!result.ok) return refusedReply(result, formFailure("errors.form.invalid"));
  return jsonReply(201, { ok: true }, await startSessionHeaders(result.session, { sharedPhone: form.value.sharedPhone }));
}
