import type { ActionFunctionArgs } from "@remix-run/node";
import { SignInPayload } from "~/auth/account-payloads";
import { refusedReply, sessionHeaders } from "~/auth/auth-replies.server";
import { rotatedCsrfCookie } from "~/auth/csrf.server";
import { signIn } from "~/auth/embedded-auth.server";
import { startSession } from "~/auth/session.server";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, SignInPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const result = await signIn(form.value, { clientAddress: context.clientAddress });
  if (!result.ok) return refusedReply(result, { fieldErrors: {}, formError: "errors.signIn.failed" });
  return jsonReply(
    200,
    { ok: true, wrappedPrivateKey: result.wrappedPrivateKey },
    sessionHeaders(await startSession(result.userId), rotatedCsrfCookie()),
  );
}
