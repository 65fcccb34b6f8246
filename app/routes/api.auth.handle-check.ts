import type { ActionFunctionArgs } from "@remix-run/node";
import { HandleCheckPayload } from "~/forms/account-payloads";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { refusedReply } from "~/auth/auth-replies.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

/** Is a handle free? Sign-up asks before deriving keys, with its solved challenge (decision 017); 409 when taken. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await parseForm(request, HandleCheckPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const checked = await getAuthProvider().checkHandle(form.value, { clientAddress: context.clientAddress });
  if (!checked.ok) return refusedReply(checked, formFailure("errors.form.invalid"));
  return jsonReply(200, { ok: true });
}
