import type { ActionFunctionArgs } from "@remix-run/node";
import { SignInPayload } from "~/forms/account-payloads";
import { refusedReply, startSessionHeaders } from "~/auth/auth-replies.server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, SignInPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await getAuthProvider().signIn(form.value, { clientAddress: context.clientAddress });
  if (!result.ok) return refusedReply(result, formFailure("errors.signIn.failed"));
  return jsonReply(
    200,
    { ok: true, wrappedPrivateKey: result.wrappedPrivateKey },
    await startSessionHeaders(result.session, { sharedPhone: form.value.sharedPhone }),
  );
}
