import { useTranslation } from "~/i18n/use-translation";
import { DataTable, type TableColumn } from "~/components/ui/table";
import { daysLeft } from "~/domain/identity/share-expiry";
import { formatDate } from "~/i18n/format";

export type ShareForMe = { id: string; ownerHandle: string | null; purpose: string; expiresAt: string };

/** A social worker's live shares, each with its expiry and a button to open it. */
export function SharesForMeTable({ shares, canOpen, onOpen }: { shares: ShareForMe[]; canOpen: boolean; onOpen: (shareId: string) => void }) {
  const { t, i18n } = useTranslation();
  if (shares.length === 0) return <p>{t("shared.none")}</p>;
  const now = new Date();
  const columns: TableColumn<ShareForMe>[] = [
    { header: t("fields.handle"), translate: "no", cell: (share) => share.ownerHandle ?? "—" },
    { header: t("identity.purpose"), cell: (share) => t(`identity.purposes.${share.purpose}`) },
    {
      header: t("identity.expires"),
      cell: (share) => `${formatDate(share.expiresAt, i18n.language)} (${t("identity.daysLeft", { count: daysLeft(new Date(share.expiresAt), now) })})`,
    },
    {
      header: t("shared.open"),
      action: true,
      cell: (share) => (
        <button
          type="button"
          className="link-button"
          disabled={!canOpen}
          onClick={() => onOpen(share.id)}
          aria-label={t("shared.openFor", { handle: share.ownerHandle ?? "" })}
        >
          {t("shared.open")}
        </button>
      ),
    },
  ];
  return <DataTable columns={columns} rows={shares} rowKey={(share) => share.id} />;
}
