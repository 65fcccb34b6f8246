import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getEnv } from "~/env.server";
import { endSessionHeaders } from "~/auth/auth-replies.server";

/**
 * Quick exit: ends the session and sends the browser to a neutral site. A GET so
 * that it works as a plain link without scripts; it can only sign a member out.
 */
async function leave(request: Request) {
  const headers = await endSessionHeaders(request, "leaveNoTrace");
  return redirect(getEnv().QUICK_EXIT_URL, { headers, status: 303 });
}

export const loader = ({ request }: LoaderFunctionArgs) => leave(request);
export const action = ({ request }: ActionFunctionArgs) => leave(request);
