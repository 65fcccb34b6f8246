import type { ActionFunctionArgs } from "@remix-run/node";
import { requireApiAccount } from "~/auth/current-account.server";
import { getDatabase } from "~/data/db.server";
import { openSharedIdentity } from "~/data/identity-openings.server";
import { asMember } from "~/data/rls.server";
import { formFailure } from "~/forms/form-reply";
import { jsonReply, parseForm } from "~/forms/parse-form.server";
import { OpenSharePayload } from "~/forms/identity-payloads";

/** A social worker opens an identity shared with them; the database logs the access as it hands it out. */
export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireApiAccount(request, context, "social_worker");
  const form = await parseForm(request, OpenSharePayload);
  if (!form.ok) return jsonReply(form.status, form.body);
  const db = await getDatabase();
  const opened = await asMember(db, account.userId, (trx) => openSharedIdentity(trx, form.value.shareId));
  if (!opened) return jsonReply(404, formFailure("errors.share.gone"));
  return jsonReply(200, { ok: true, ...opened });
}
