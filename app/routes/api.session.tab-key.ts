import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply } from "~/forms/parse-form.server";

/**
 * This session's tab key, for the browser to wrap (store) or unwrap (after a reload) the
 * tab's private key: features/keys/tab-keys.client.ts. Only this origin's own scripts may
 * ask (other sites cannot read the reply anyway: no CORS); never cached (no-store). A
 * session locked for lack of use has none until it is unlocked (423).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const site = request.headers.get("Sec-Fetch-Site");
  if (site !== null && site !== "same-origin") return jsonReply(403, formFailure("errors.form.notFound"));
  const tabKey = await getAuthProvider().tabKey(request);
  if (tabKey === "locked") return jsonReply(423, formFailure("errors.session.locked"));
  if (!tabKey) return jsonReply(401, formFailure("errors.form.signedOut"));
  return jsonReply(200, { ok: true, tabKey });
}
