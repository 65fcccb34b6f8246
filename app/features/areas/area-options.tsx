import { useTranslation } from "~/i18n/use-translation";
import { areaName, areasInTreeOrder, type AreaNode } from "~/domain/areas/areas";

/**
 * The <option>s of a staff area choice (role grants): one group per province, each area
 * after its parent and indented under it, so a city and its districts read as a tree.
 */
export function AreaOptions({ areas }: { areas: readonly AreaNode[] }) {
  const { t, i18n } = useTranslation();
  // Tree order puts each province first, then everything under it: a group per province.
  const groups: Array<ReturnType<typeof areasInTreeOrder<AreaNode>>> = [];
  for (const entry of areasInTreeOrder(areas)) {
    if (entry.depth === 0) groups.push([]);
    groups.at(-1)?.push(entry);
  }
  return (
    <>
      {groups.map((group) => (
        <optgroup key={group[0]?.area.id} label={group[0] ? areaName(group[0].area, i18n.language) : ""}>
          {group.map(({ area, depth }) => (
            <option key={area.id} value={area.id}>
              {"\u3000".repeat(depth)}
              {t(`admin.roles.level.${area.level}`)}: {areaName(area, i18n.language)}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
