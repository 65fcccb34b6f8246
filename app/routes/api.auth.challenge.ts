import type { ActionFunctionArgs } from "@remix-run/node";
import { ChallengeRequestPayload } from "~/forms/account-payloads";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { refusedReply } from "~/auth/auth-replies.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

/** A proof-of-work challenge for the next sign-in, sign-up or recovery step on a handle (decision 013). */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, ChallengeRequestPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const issued = await getAuthProvider().issueChallenge(form.value.purpose, form.value.handle, { clientAddress: context.clientAddress });
  if (!issued.ok) return refusedReply(issued, formFailure("errors.form.invalid"));
  return jsonReply(200, { ok: true, challenge: issued.challenge });
}
