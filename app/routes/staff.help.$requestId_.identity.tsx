import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { keyMaterial, readForRole } from "~/auth/current-account.server";
import { FormMessage } from "~/components/ui/form-field";
import { getRequestShareForMe } from "~/data/request-identity-shares.server";
import { OpenedIdentity } from "~/features/identity/opened-identity";
import { useSharedIdentity } from "~/features/identity/use-shared-identity";
import { NeedsJavascript } from "~/features/keys/key-work";
import { OwnSafetyNumber } from "~/features/keys/safety-number";
import { UnlockKeys, useTabKeys } from "~/features/keys/unlock-keys";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "helpShare.staff.title");

const RequestId = z.uuid();

/**
 * The social worker opens the identity a member shared for this request (migration 0036), in
 * the browser as on /shared: the opening is logged as it is handed out. Not found for anyone
 * without a live share of this request addressed to them.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const requestId = RequestId.safeParse(params.requestId);
  if (!requestId.success) throw new Response(null, { status: 404 });
  const { account: worker, read: share } = await readForRole(request, context, "social_worker", (trx) => getRequestShareForMe(trx, requestId.data));
  if (!share) throw new Response(null, { status: 404 });
  return {
    requestId: requestId.data,
    material: keyMaterial(worker),
    share: { id: share.id, ownerHandle: share.ownerHandle, expiresAt: share.expiresAt.toISOString() },
  };
}

export default function RequestIdentity() {
  const { requestId, material, share } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const { keys, ready, setKeys } = useTabKeys();
  const { opened, opening, open, close } = useSharedIdentity(keys);
  return (
    <>
      <section className="panel" aria-labelledby="help-identity-title">
        <p className="breadcrumb">
          <PageLink to={`/staff/help/${requestId}`}>{t("helpShare.staff.back")}</PageLink>
        </p>
        <h1 id="help-identity-title">{t("helpShare.staff.title")}</h1>
        <p>{t("helpShare.staff.intro", { handle: share.ownerHandle })}</p>
        <p id="help-identity-ends">
          {t("helpShare.staff.ends")} {t("helpShare.until", { date: formatDate(share.expiresAt, i18n.language) })}
        </p>
        <NeedsJavascript />
        {ready && !keys ? <UnlockKeys material={material} onUnlocked={setKeys} /> : null}
        <button type="button" id="help-identity-open" className="button" disabled={keys === null || opening.busy} onClick={() => open(share.id)}>
          {t("helpShare.staff.open")}
        </button>
        <div id="help-identity-notice">
          <FormMessage message={opening.notice?.key} tone={opening.notice?.tone} values={opening.notice?.values} />
        </div>
      </section>
      {keys ? <OwnSafetyNumber keys={keys} /> : null}
      {opened ? <OpenedIdentity title={t("shared.openedTitle", { handle: share.ownerHandle })} fields={opened.fields} onClose={close} /> : null}
    </>
  );
}
