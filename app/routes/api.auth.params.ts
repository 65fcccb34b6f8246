import type { ActionFunctionArgs } from "@remix-run/node";
import { LoginParamsPayload } from "~/forms/account-payloads";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { jsonReply, parseForm } from "~/forms/parse-form.server";

/** Salt and KDF parameters for a handle (fake but stable for unknown handles). POST keeps handles out of URLs and logs. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, LoginParamsPayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  return jsonReply(200, { ok: true, ...(await getAuthProvider().loginParams(form.value.handle)) });
}
