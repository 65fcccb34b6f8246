import type { ActionFunctionArgs } from "@remix-run/node";
import { SignInPayload } from "~/forms/account-payloads";
import { refusedReply, startSessionHeaders } from "~/auth/auth-replies.server";
import { signIn } from "~/auth/embedded-auth.server";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, SignInPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await signIn(form.value, { clientAddress: context.clientAddress });
  if (!result.ok) return refusedReply(result, { fieldErrors: {}, formError: "errors.signIn.failed" });
  return jsonReply(
    200,
    { ok: true, wrappedPrivateKey: result.wrappedPrivateKey },
    await startSessionHeaders(result.userId),
  );
}
