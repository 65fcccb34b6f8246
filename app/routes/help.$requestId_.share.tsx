import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { keyMaterial, readForAccount } from "~/auth/current-account.server";
import { getOwnVault, listOwnShares } from "~/data/identity.server";
import { getEndedRequestShare, getLiveRequestShare, getOwnRequestStatus, getRequestShareRecipient } from "~/data/request-identity-shares.server";
import { REQUEST_SHARE_DAYS, requestSharePlace } from "~/domain/help/request-share";
import { shareExpiry } from "~/domain/identity/share-expiry";
import { RequestSharePanel } from "~/features/help/request-share-panel";
import { staffLabel } from "~/features/staff/staff-label";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "helpShare.title");

const RequestId = z.uuid();

/** The member shares their identity with the worker assigned to one of their requests (migration 0036), or takes it back. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const requestId = RequestId.safeParse(params.requestId);
  if (!requestId.success) throw new Response(null, { status: 404 });
  const id = requestId.data;
  // Asked together: on PostgreSQL the statements go out in one round trip.
  const { account, read } = await readForAccount(request, context, async (trx) => {
    const [status, recipient, liveShare, ended, vault, shares] = await Promise.all([
      getOwnRequestStatus(trx, id),
      getRequestShareRecipient(trx, id),
      getLiveRequestShare(trx, id),
      getEndedRequestShare(trx, id),
      getOwnVault(trx),
      listOwnShares(trx),
    ]);
    return status ? { status, recipient, liveShare, ended, vault, shares } : null;
  });
  // Only the member's own requests: anyone else's, or a made-up id, is not found.
  if (!read) throw new Response(null, { status: 404 });
  const { status, recipient, liveShare, ended, vault, shares } = read;
  return {
    requestId: id,
    ownerId: account.userId,
    material: keyMaterial(account),
    place: requestSharePlace({ status, hasWorker: recipient !== undefined, hasIdentity: vault !== undefined, liveShare: liveShare !== undefined }),
    recipient: recipient ?? null,
    liveShareId: liveShare?.id ?? null,
    ended: ended ? { endedAt: ended.endedAt.toISOString(), reason: ended.reason } : null,
    vault: vault ?? null,
    shares: shares.map((share) => ({ id: share.id, recipientId: share.recipientId, recipientHandle: share.recipientHandle, recipientPublicKey: share.recipientPublicKey, live: share.live })),
    until: shareExpiry(new Date(), REQUEST_SHARE_DAYS).toISOString(),
  };
}

export default function ShareForRequest() {
  const { requestId, ownerId, material, place, recipient, liveShareId, ended, vault, shares, until } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const worker = recipient ? (staffLabel(t, recipient.handle, recipient.card) ?? recipient.handle) : "";
  return (
    <section className="panel" aria-labelledby="help-share-title">
      <p className="breadcrumb">
        <PageLink to={`/help/${requestId}`}>{t("helpShare.back")}</PageLink>
      </p>
      <h1 id="help-share-title">{t("helpShare.title")}</h1>
      <p>{t("helpShare.intro")}</p>
      {place === "shared" ? (
        <p id="help-share-live" data-testid="help-share-live">
          <strong>{t("helpShare.live", { worker })}</strong>
        </p>
      ) : null}
      {place === "noWorker" ? (
        <p id="help-share-no-worker" data-testid="help-share-no-worker">
          {t("helpShare.noWorker")}
        </p>
      ) : null}
      {place === "closed" ? <p id="help-share-closed">{t("helpShare.closed")}</p> : null}
      {place === "closed" && ended ? (
        <p id="help-share-ended" data-testid="help-share-ended">
          {t("helpShare.ended", { date: formatDate(ended.endedAt, i18n.language), why: t(`identity.endReasons.${ended.reason}`) })}
        </p>
      ) : null}
      {place === "noIdentity" ? (
        <p id="help-share-no-identity">
          {t("helpShare.noIdentity")} <PageLink to="/identity">{t("helpShare.saveFirst")}</PageLink>
        </p>
      ) : null}
      {(place === "canShare" || place === "shared") && recipient ? (
        <RequestSharePanel
          requestId={requestId}
          ownerId={ownerId}
          material={material}
          vault={vault}
          shares={shares}
          recipient={recipient}
          liveShareId={liveShareId}
          until={until}
        />
      ) : null}
    </section>
  );
}
