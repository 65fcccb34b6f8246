import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { useTranslation } from "~/i18n/use-translation";
import { keyMaterial, readForAccount } from "~/auth/current-account.server";
import { FormMessage } from "~/components/ui/form-field";
import { AccessLog } from "~/features/identity/access-log";
import { DeleteSavedIdentity } from "~/features/identity/delete-saved-identity";
import { ExportData } from "~/features/identity/export-data";
import { IdentityFieldsForm } from "~/features/identity/identity-fields-form";
import { KeyChangedWarning } from "~/features/identity/key-changed-warning";
import { ShareForm } from "~/features/identity/share-form";
import { EndedShares, SharesTable } from "~/features/identity/shares-table";
import { useIdentityVault } from "~/features/identity/use-identity-vault";
import { NeedsJavascript } from "~/features/keys/key-work";
import { UnlockKeys, useTabKeys } from "~/features/keys/unlock-keys";
import { getOwnVault, listOwnEndedShares, listOwnShares, listShareRecipients } from "~/data/identity.server";
import { listOwnAccessLog } from "~/data/identity-openings.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "identity.title");

const ACCESS_LOG_SHOWN = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Asked together: on PostgreSQL the statements go out in one round trip.
  const { account, read: stored } = await readForAccount(request, context, async (trx, account) => {
    const [vault, shares, endedShares, accessLog, recipients] = await Promise.all([
      getOwnVault(trx),
      listOwnShares(trx),
      listOwnEndedShares(trx),
      // The newest ones only (one more tells whether there are older): the page costs the same
      // after years of openings; the export has them all.
      listOwnAccessLog(trx, { limit: ACCESS_LOG_SHOWN + 1 }),
      account.areaId ? listShareRecipients(trx) : [],
    ]);
    return { vault: vault ?? null, shares, endedShares, accessLog, recipients };
  });
  return {
    ownerId: account.userId,
    material: keyMaterial(account),
    hasArea: account.areaId !== null,
    vault: stored.vault,
    shares: stored.shares.map((share) => ({ ...share, expiresAt: new Date(share.expiresAt).toISOString(), createdAt: new Date(share.createdAt).toISOString() })),
    endedShares: stored.endedShares.map((share) => ({ id: share.id, recipientHandle: share.recipientHandle, recipientCard: share.recipientCard, purpose: share.purpose, reason: share.reason, endedAt: new Date(share.endedAt).toISOString() })),
    accessLog: stored.accessLog.slice(0, ACCESS_LOG_SHOWN).map((entry) => ({ ...entry, accessedAt: new Date(entry.accessedAt).toISOString() })),
    olderAccess: stored.accessLog.length > ACCESS_LOG_SHOWN,
    recipients: stored.recipients,
  };
}

export default function Identity() {
  const { ownerId, material, hasArea, vault, shares, endedShares, accessLog, olderAccess, recipients } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { keys, ready, setKeys } = useTabKeys();
  const identity = useIdentityVault({ ownerId, vault, shares, keys });
  const { opened, saving, sharing, revoking, exporting, deleting, keyWarning } = identity;
  const warning = (action: "share" | "revoke") =>
    keyWarning?.action.kind === action ? (
      <KeyChangedWarning
        key={keyWarning.changes.map((change) => `${change.userId}:${change.currentKey}`).join(",")}
        changes={keyWarning.changes}
        action={action}
        busy={sharing.busy || revoking.busy}
        onAccept={identity.acceptNewKeys}
        onDismiss={identity.dismissKeyWarning}
      />
    ) : null;
  return (
    <>
      <section className="panel" aria-labelledby="identity-title">
        <h1 id="identity-title">{t("identity.title")}</h1>
        <p>{t("identity.intro")}</p>
        <NeedsJavascript />
        {ready && !keys ? <UnlockKeys material={material} onUnlocked={setKeys} /> : null}
        {identity.openError ? <FormMessage message={identity.openError} /> : null}
        {identity.notProvenOwn ? <DeleteSavedIdentity busy={deleting.busy} notice={deleting.notice} onDelete={identity.deleteSaved} /> : null}
        {opened && deleting.notice && !saving.notice ? <FormMessage message={deleting.notice.key} tone={deleting.notice.tone} /> : null}
        {opened ? <IdentityFieldsForm initial={opened.fields} busy={saving.busy} errors={saving.errors} notice={saving.notice} onSave={identity.save} /> : null}
      </section>
      {opened ? (
        <section className="panel">
          {!vault ? (
            <p>{t("identity.saveBeforeSharing")}</p>
          ) : !hasArea ? (
            <p>
              {t("identity.chooseAreaFirst")} <PageLink to="/account">{t("nav.account")}</PageLink>
            </p>
          ) : recipients.length === 0 ? (
            <p>{t("identity.noRecipients")}</p>
          ) : (
            <>
              {warning("share")}
              <ShareForm recipients={recipients} pins={opened.pins} busy={sharing.busy} errors={sharing.errors} notice={sharing.notice} onShare={identity.share} />
            </>
          )}
        </section>
      ) : null}
      <section className="panel" aria-labelledby="shares-title">
        <h2 id="shares-title">{t("identity.sharesTitle")}</h2>
        <FormMessage message={revoking.notice?.key} tone={revoking.notice?.tone} values={revoking.notice?.values} />
        {warning("revoke")}
        <SharesTable shares={shares} anyEnded={endedShares.length > 0} busy={revoking.busy || !opened} onRevoke={identity.revoke} />
        <EndedShares shares={endedShares} />
      </section>
      <section className="panel" aria-labelledby="access-title">
        <h2 id="access-title">{t("identity.accessTitle")}</h2>
        <AccessLog entries={accessLog} />
        {olderAccess ? <p>{t("identity.accessOlder", { count: accessLog.length })}</p> : null}
      </section>
      <ExportData ready={keys !== null} busy={exporting.busy} notice={exporting.notice} onExport={identity.exportData} />
    </>
  );
}
