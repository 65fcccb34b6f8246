import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { postFormStep } from "~/forms/post-form-step.client";
import { keyMaterial, requireAccount } from "~/auth/current-account.server";
import { useCsrfToken } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { AccessLog } from "~/features/identity/access-log";
import { IdentityFieldsForm } from "~/features/identity/identity-fields-form";
import { ShareForm, type Recipient } from "~/features/identity/share-form";
import { SharesTable } from "~/features/identity/shares-table";
import { NeedsJavascript } from "~/features/keys/key-work";
import { UnlockKeys, useTabKeys } from "~/features/keys/unlock-keys";
import { useKeyForm } from "~/features/keys/use-key-form";
import { downloadOwnData } from "~/features/identity/export-data.client";
import { openVault, resealVault, rotateVault, sealKeyFor, sealNewVault } from "~/crypto/vault";
import { getDatabase } from "~/data/db.server";
import { getOwnVault, listOwnAccessLog, listOwnShares, listShareRecipients } from "~/data/identity.server";
import { asMember } from "~/data/rls.server";
import { findIdentityProblems, IDENTITY_FIELDS, normalizeIdentityFields, type IdentityFields } from "~/domain/identity/identity-fields";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "identity.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  const db = await getDatabase();
  const stored = await asMember(db, account.userId, async (trx) => ({
    vault: (await getOwnVault(trx)) ?? null,
    shares: await listOwnShares(trx),
    accessLog: await listOwnAccessLog(trx),
    recipients: account.areaId ? await listShareRecipients(trx, account.areaId) : [],
  }));
  return {
    ownerId: account.userId,
    material: keyMaterial(account),
    hasArea: account.areaId !== null,
    vault: stored.vault,
    shares: stored.shares.map((share) => ({ ...share, expiresAt: new Date(share.expiresAt).toISOString(), createdAt: new Date(share.createdAt).toISOString() })),
    accessLog: stored.accessLog.map((entry) => ({ ...entry, accessedAt: new Date(entry.accessedAt).toISOString() })),
    recipients: stored.recipients,
  };
}

const SHARE_FIELDS = ["recipientId", "days"];

export default function Identity() {
  const { ownerId, material, hasArea, vault, shares, accessLog, recipients } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const csrf = useCsrfToken();
  const revalidator = useRevalidator();
  const { keys, ready, setKeys } = useTabKeys();
  const [opened, setOpened] = useState<{ fields: IdentityFields; dataKey: Uint8Array | null } | null>(null);
  const [openFailed, setOpenFailed] = useState(false);
  const saving = useKeyForm(IDENTITY_FIELDS);
  const sharing = useKeyForm(SHARE_FIELDS);
  const revoking = useKeyForm([]);
  const exporting = useKeyForm([]);

  useEffect(() => {
    if (!keys) return;
    if (!vault) {
      setOpened({ fields: {}, dataKey: null });
      return;
    }
    openVault({ ownerId, record: vault, keys }).then(setOpened, () => setOpenFailed(true));
  }, [keys, vault, ownerId]);

  async function save(draft: IdentityFields) {
    if (!keys || !opened) return;
    const fields = normalizeIdentityFields(draft);
    const problems = findIdentityProblems(fields, new Date());
    const found = Object.fromEntries(Object.entries(problems).map(([field, problem]) => [field, `errors.identity.${problem}`]));
    if (Object.keys(found).length > 0) return saving.fail(found);
    saving.start();
    let record = vault;
    let dataKey = opened.dataKey;
    if (record && dataKey) {
      record = { ...record, ciphertext: await resealVault({ ownerId, keyVersion: record.keyVersion, dataKey, fields }) };
    } else {
      ({ record, dataKey } = await sealNewVault({ ownerId, ownerPublicKey: keys.publicKey, fields }));
    }
    const reply = await postFormStep("/api/identity/vault", record, csrf);
    if (!reply.ok) return saving.fail(reply);
    setOpened({ fields, dataKey });
    saving.succeed("identity.saved");
    revalidator.revalidate();
  }

  async function share(recipient: Recipient, days: string) {
    if (!vault || !opened?.dataKey) return sharing.fail({ recipientId: "errors.share.noVault" });
    sharing.start();
    const sealedKey = await sealKeyFor(opened.dataKey, recipient.publicKey);
    const reply = await postFormStep("/api/identity/shares", { recipientId: recipient.userId, sealedKey, keyVersion: vault.keyVersion, days }, csrf);
    if (!reply.ok) return sharing.fail(reply);
    sharing.succeed("identity.shared");
    revalidator.revalidate();
  }

  async function revoke(shareId: string) {
    if (!keys || !vault) return;
    revoking.start();
    const remainingShares = shares
      .filter((s) => s.id !== shareId)
      .map((s) => ({ shareId: s.id, recipientPublicKey: s.recipientPublicKey }));
    const rotated = await rotateVault({ ownerId, ownerPublicKey: keys.publicKey, record: vault, keys, remainingShares });
    const reply = await postFormStep(
      "/api/identity/revoke",
      {
        shareId,
        ciphertext: rotated.record.ciphertext,
        ownerSealedKey: rotated.record.ownerSealedKey,
        newKeyVersion: rotated.record.keyVersion,
        reseals: JSON.stringify(rotated.reseals),
      },
      csrf,
    );
    if (!reply.ok) return revoking.fail(reply);
    setOpened((current) => (current ? { ...current, dataKey: rotated.dataKey } : current));
    revoking.succeed("identity.revoked");
    revalidator.revalidate();
  }

  async function exportData() {
    if (!keys) return;
    exporting.start();
    try {
      await downloadOwnData({ ownerId, keys });
      exporting.succeed();
    } catch {
      exporting.fail({ ok: false, fieldErrors: {}, formError: "errors.vault.exportFailed" });
    }
  }

  return (
    <>
      <section className="panel" aria-labelledby="identity-title">
        <h1 id="identity-title">{t("identity.title")}</h1>
        <p>{t("identity.intro")}</p>
        <NeedsJavascript />
        {ready && !keys ? <UnlockKeys material={material} onUnlocked={setKeys} /> : null}
        {openFailed ? <FormMessage message="errors.vault.openFailed" /> : null}
        {opened ? (
          <IdentityFieldsForm initial={opened.fields} busy={saving.busy} errors={saving.errors} notice={saving.notice} onSave={(draft) => void save(draft)} />
        ) : null}
      </section>
      {opened ? (
        <section className="panel">
          {!vault ? (
            <p>{t("identity.saveBeforeSharing")}</p>
          ) : !hasArea ? (
            <p>
              {t("identity.chooseAreaFirst")} <Link to="/account">{t("nav.account")}</Link>
            </p>
          ) : recipients.length === 0 ? (
            <p>{t("identity.noRecipients")}</p>
          ) : (
            <ShareForm recipients={recipients} busy={sharing.busy} errors={sharing.errors} notice={sharing.notice} onShare={(r, d) => void share(r, d)} />
          )}
        </section>
      ) : null}
      <section className="panel" aria-labelledby="shares-title">
        <h2 id="shares-title">{t("identity.sharesTitle")}</h2>
        <FormMessage message={revoking.notice?.key} tone={revoking.notice?.tone} />
        <SharesTable shares={shares} busy={revoking.busy || !opened} onRevoke={(id) => void revoke(id)} />
      </section>
      <section className="panel" aria-labelledby="access-title">
        <h2 id="access-title">{t("identity.accessTitle")}</h2>
        <AccessLog entries={accessLog} />
      </section>
      <section className="panel" aria-labelledby="export-title">
        <h2 id="export-title">{t("identity.exportTitle")}</h2>
        <p>{t("identity.exportIntro")}</p>
        <FormMessage message={exporting.notice?.key} tone={exporting.notice?.tone} />
        <button type="button" className="button button--secondary" disabled={!keys || exporting.busy} onClick={() => void exportData()}>
          {t("identity.export")}
        </button>
      </section>
    </>
  );
}
