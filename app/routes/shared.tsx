import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { postFormStep } from "~/forms/post-form-step.client";
import { keyMaterial, requireRole } from "~/auth/current-account.server";
import { useCsrfToken } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { NeedsJavascript } from "~/features/keys/key-work";
import { UnlockKeys, useTabKeys } from "~/features/keys/unlock-keys";
import { useKeyForm } from "~/features/keys/use-key-form";
import { openSharedVault } from "~/crypto/vault";
import { getDatabase } from "~/data/db.server";
import { listSharesForMe } from "~/data/identity.server";
import { asMember } from "~/data/rls.server";
import { IDENTITY_FIELDS, type IdentityFields } from "~/domain/identity/identity-fields";
import { daysLeft } from "~/domain/identity/share-expiry";
import { formatDate } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "shared.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const worker = await requireRole(request, "social_worker");
  const db = await getDatabase();
  const shares = await asMember(db, worker.userId, (trx) => listSharesForMe(trx));
  return {
    material: keyMaterial(worker),
    shares: shares.map((share) => ({ ...share, expiresAt: new Date(share.expiresAt).toISOString() })),
  };
}

type Opened = { shareId: string; fields: IdentityFields };

export default function SharedWithMe() {
  const { material, shares } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const csrf = useCsrfToken();
  const { keys, ready, setKeys } = useTabKeys();
  const [opened, setOpened] = useState<Opened | null>(null);
  const opening = useKeyForm([]);

  async function open(shareId: string) {
    if (!keys) return;
    opening.start();
    setOpened(null);
    const reply = await postFormStep<{ ownerId: string; ciphertext: string; sealedKey: string; keyVersion: number }>(
      "/api/identity/open",
      { shareId },
      csrf,
    );
    if (!reply.ok) return opening.fail(reply);
    try {
      const fields = await openSharedVault({ ...reply, keys });
      setOpened({ shareId, fields });
      opening.succeed();
    } catch {
      opening.fail({ ok: false, fieldErrors: {}, formError: "errors.vault.openFailed" });
    }
  }

  const now = new Date();
  return (
    <>
      <section className="panel" aria-labelledby="shared-title">
        <h1 id="shared-title">{t("shared.title")}</h1>
        <p>{t("shared.intro")}</p>
        <NeedsJavascript />
        {ready && !keys ? <UnlockKeys material={material} onUnlocked={setKeys} /> : null}
        <FormMessage message={opening.notice?.key} tone={opening.notice?.tone} />
        {shares.length === 0 ? (
          <p>{t("shared.none")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t("fields.handle")}</th>
                <th scope="col">{t("identity.purpose")}</th>
                <th scope="col">{t("identity.expires")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("shared.open")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shares.map((share) => (
                <tr key={share.id}>
                  <td translate="no">{share.ownerHandle ?? "—"}</td>
                  <td>{t(`identity.purposes.${share.purpose}`)}</td>
                  <td>
                    {formatDate(share.expiresAt, i18n.language)} ({t("identity.daysLeft", { count: daysLeft(new Date(share.expiresAt), now) })})
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      disabled={!keys || opening.busy}
                      onClick={() => void open(share.id)}
                      aria-label={t("shared.openFor", { handle: share.ownerHandle ?? "" })}
                    >
                      {t("shared.open")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {opened ? (
        <section className="panel" aria-labelledby="opened-title" data-testid="opened-identity">
          <h2 id="opened-title">{t("shared.openedTitle", { handle: shares.find((s) => s.id === opened.shareId)?.ownerHandle ?? "" })}</h2>
          <dl className="facts">
            {IDENTITY_FIELDS.filter((field) => opened.fields[field]).map((field) => (
              <div key={field}>
                <dt>{t(`identity.fields.${field}`)}</dt>
                <dd translate="no">{opened.fields[field]}</dd>
              </div>
            ))}
          </dl>
          <button type="button" className="button button--secondary" onClick={() => setOpened(null)}>
            {t("shared.close")}
          </button>
        </section>
      ) : null}
    </>
  );
}
