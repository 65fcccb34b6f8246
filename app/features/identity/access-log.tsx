import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/i18n/format";

export type AccessEntry = { accessorHandle: string | null; purpose: string; accessedAt: string };

/** Every time a social worker opened the member's shared identity. */
export function AccessLog({ entries }: { entries: AccessEntry[] }) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) return <p>{t("identity.noAccess")}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("identity.accessor")}</th>
          <th scope="col">{t("identity.purpose")}</th>
          <th scope="col">{t("identity.accessedAt")}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, index) => (
          <tr key={`${entry.accessedAt}-${index}`}>
            <td translate="no">{entry.accessorHandle ?? t("identity.deletedAccount")}</td>
            <td>{t(`identity.purposes.${entry.purpose}`)}</td>
            <td>{formatDateTime(entry.accessedAt, i18n.language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
