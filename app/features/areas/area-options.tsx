import { useTranslation } from "~/i18n/use-translation";
import { areaName, type AreaLevel } from "~/domain/areas/areas";

type AreaChoice = { id: string; level: AreaLevel; nameZh: string; nameEn: string };

/** The <option>s of an area picker: "City: Guangzhou", in the reader's language. */
export function AreaOptions({ areas }: { areas: readonly AreaChoice[] }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {areas.map((area) => (
        <option key={area.id} value={area.id}>
          {t(`admin.roles.level.${area.level}`)}: {areaName(area, i18n.language)}
        </option>
      ))}
    </>
  );
}
