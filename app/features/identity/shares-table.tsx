import { useState } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { DataTable, type TableColumn } from "~/components/ui/table";
import { daysLeft, ENDED_SHARE_KEEP_DAYS } from "~/domain/identity/share-expiry";
import { formatDate } from "~/i18n/format";
import type { StaffCard } from "~/domain/accounts/staff-card";
import { staffLabel } from "~/features/staff/staff-label";

export type OwnShare = { id: string; recipientHandle: string | null; recipientCard: StaffCard | null; purpose: string; expiresAt: string; createdAt: string; live: boolean };

/** The member's shares, each with its expiry and a revoke button that asks once more before taking the share back. */
export function SharesTable({ shares, anyEnded, busy, onRevoke }: { shares: OwnShare[]; anyEnded: boolean; busy: boolean; onRevoke: (shareId: string) => void }) {
  const { t, i18n } = useTranslation();
  const [askingId, setAskingId] = useState<string | null>(null);
  const asking = shares.find((share) => share.id === askingId);
  if (shares.length === 0) return <p>{t(anyEnded ? "identity.noLiveShares" : "identity.noShares")}</p>;
  const now = new Date();
  const recipient = (share: OwnShare) => staffLabel(t, share.recipientHandle, share.recipientCard);
  const columns: TableColumn<OwnShare>[] = [
    { header: t("identity.recipient"), translate: "no", cell: (share) => recipient(share) ?? "—" },
    { header: t("identity.purpose"), cell: (share) => t(`identity.purposes.${share.purpose}`) },
    {
      header: t("identity.expires"),
      cell: (share) => {
        const left = daysLeft(new Date(share.expiresAt), now);
        // Not live but not yet expired: the worker no longer serves the member's area.
        const status = left <= 0 ? t("identity.expired") : share.live ? t("identity.daysLeft", { count: left }) : t("identity.noLongerServing");
        return `${formatDate(share.expiresAt, i18n.language)} (${status})`;
      },
    },
    {
      header: t("identity.revoke"),
      action: true,
      cell: (share) => (
        <button
          type="button"
          className="link-button"
          disabled={busy}
          onClick={() => setAskingId(share.id)}
          aria-label={t("identity.revokeFor", { handle: recipient(share) ?? "" })}
        >
          {t("identity.revoke")}
        </button>
      ),
    },
  ];
  return (
    <>
      <DataTable columns={columns} rows={shares} rowKey={(share) => share.id} />
      {asking ? (
        <RevokeConfirm
          testId="revoke-confirm"
          question={t("identity.confirmRevoke", { handle: recipient(asking) ?? "—" })}
          yes={t("identity.confirmRevokeYes")}
          no={t("identity.keepShare")}
          busy={busy}
          onYes={() => {
            setAskingId(null);
            onRevoke(asking.id);
          }}
          onNo={() => setAskingId(null)}
        />
      ) : null}
    </>
  );
}

/** The question asked once more before a share is taken back, with its two answers. */
export function RevokeConfirm({
  testId,
  question,
  yes,
  no,
  busy,
  onYes,
  onNo,
}: {
  testId: string;
  question: string;
  yes: string;
  no: string;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  return (
    <div className="field" role="alert" data-testid={testId}>
      <p>
        <strong>{question}</strong>
      </p>
      <button type="button" className="button button--danger" disabled={busy} onClick={onYes}>
        {yes}
      </button>{" "}
      <button type="button" className="button button--secondary" onClick={onNo}>
        {no}
      </button>
    </div>
  );
}

export type EndedShareRow = { id: string; recipientHandle: string | null; recipientCard: StaffCard | null; purpose: string; endedAt: string; reason: string };

/** Shares that have ended: no key is left, so the worker opens nothing; listed until the retention prunes them. */
export function EndedShares({ shares }: { shares: EndedShareRow[] }) {
  const { t, i18n } = useTranslation();
  if (shares.length === 0) return null;
  const columns: TableColumn<EndedShareRow>[] = [
    { header: t("identity.recipient"), translate: "no", cell: (share) => staffLabel(t, share.recipientHandle, share.recipientCard) ?? t("identity.deletedAccount") },
    { header: t("identity.purpose"), cell: (share) => t(`identity.purposes.${share.purpose}`) },
    {
      header: t("identity.ended"),
      cell: (share) => t("identity.endedOn", { date: formatDate(share.endedAt, i18n.language), why: t(`identity.endReasons.${share.reason}`) }),
    },
  ];
  return (
    <>
      <h3 id="ended-shares-title">{t("identity.endedTitle")}</h3>
      <p>{t("identity.endedIntro", { count: ENDED_SHARE_KEEP_DAYS })}</p>
      <DataTable columns={columns} rows={shares} rowKey={(share) => share.id} />
    </>
  );
}
