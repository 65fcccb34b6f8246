import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiAccount } from "~/auth/current-account.server";
import { getDatabase } from "~/data/db.server";
import { exportOwnData } from "~/data/own-data-export.server";
import { asMember } from "~/data/rls.server";
import { jsonReply } from "~/forms/parse-form.server";

/** Everything the member owns, as stored (ciphertext stays ciphertext; the browser decrypts). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const db = await getDatabase();
  return jsonReply(200, { ok: true, data: await asMember(db, account.userId, (trx) => exportOwnData(trx)) });
}
