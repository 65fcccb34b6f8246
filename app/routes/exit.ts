import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { rotatedCsrfCookie } from "~/auth/csrf.server";
import { endSession } from "~/auth/session.server";
import { getEnv } from "~/env.server";

/**
 * Quick exit: ends the session and sends the browser to a neutral site. A GET so
 * that it works as a plain link without scripts; it can only sign a member out.
 */
async function leave(request: Request) {
  const headers = new Headers();
  headers.append("Set-Cookie", await endSession(request));
  headers.append("Set-Cookie", rotatedCsrfCookie());
  return redirect(getEnv().QUICK_EXIT_URL, { headers, status: 303 });
}

export const loader = ({ request }: LoaderFunctionArgs) => leave(request);
export const action = ({ request }: ActionFunctionArgs) => leave(request);
