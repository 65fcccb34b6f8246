import { useTranslation } from "~/i18n/use-translation";
import { DataTable, type TableColumn } from "~/components/ui/table";
import { formatDateTime } from "~/i18n/format";
import type { StaffCard } from "~/domain/accounts/staff-card";
import { staffLabel } from "~/features/staff/staff-label";

export type AccessEntry = { accessorHandle: string | null; accessorCard: StaffCard | null; purpose: string; accessedAt: string };

/** Every time a social worker opened the member's shared identity. */
export function AccessLog({ entries }: { entries: AccessEntry[] }) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) return <p>{t("identity.noAccess")}</p>;
  const columns: TableColumn<AccessEntry>[] = [
    { header: t("identity.accessor"), translate: "no", cell: (entry) => staffLabel(t, entry.accessorHandle, entry.accessorCard) ?? t("identity.deletedAccount") },
    { header: t("identity.purpose"), cell: (entry) => t(`identity.purposes.${entry.purpose}`) },
    { header: t("identity.accessedAt"), cell: (entry) => formatDateTime(entry.accessedAt, i18n.language) },
  ];
  return <DataTable columns={columns} rows={entries} rowKey={(entry, index) => `${entry.accessedAt}-${index}`} />;
}
