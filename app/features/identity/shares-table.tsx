import { useTranslation } from "react-i18next";
import { daysLeft } from "~/domain/identity/share-expiry";
import { formatDate } from "~/i18n/format";

export type OwnShare = { id: string; recipientHandle: string | null; purpose: string; expiresAt: string; createdAt: string };

/** The member's shares, each with its expiry and a revoke button. */
export function SharesTable({ shares, busy, onRevoke }: { shares: OwnShare[]; busy: boolean; onRevoke: (shareId: string) => void }) {
  const { t, i18n } = useTranslation();
  if (shares.length === 0) return <p>{t("identity.noShares")}</p>;
  const now = new Date();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("identity.recipient")}</th>
          <th scope="col">{t("identity.purpose")}</th>
          <th scope="col">{t("identity.expires")}</th>
          <th scope="col">
            <span className="visually-hidden">{t("identity.revoke")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shares.map((share) => {
          const left = daysLeft(new Date(share.expiresAt), now);
          return (
            <tr key={share.id}>
              <td translate="no">{share.recipientHandle ?? "—"}</td>
              <td>{t(`identity.purposes.${share.purpose}`)}</td>
              <td>
                {formatDate(share.expiresAt, i18n.language)} ({left > 0 ? t("identity.daysLeft", { count: left }) : t("identity.expired")})
              </td>
              <td>
                <button
                  type="button"
                  className="link-button"
                  disabled={busy}
                  onClick={() => onRevoke(share.id)}
                  aria-label={t("identity.revokeFor", { handle: share.recipientHandle ?? "" })}
                >
                  {t("identity.revoke")}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
