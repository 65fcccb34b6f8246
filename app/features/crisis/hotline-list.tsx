import { useTranslation } from "~/i18n/use-translation";
import { formatList } from "~/i18n/format";
import { dialString } from "~/domain/crisis/hotlines";
import type { GroupLanguage } from "~/domain/groups/meeting-fields";

export type ShownHotline = { id: string; name: string; number: string; hours: string; languages: GroupLanguage[]; note: string; areaName: string | null };

/**
 * Hotlines as a person in trouble taps them: each one a large `tel:` link (name and number),
 * then when it answers, in which languages, where, and the admins' short note.
 */
export function HotlineList({ hotlines, testId }: { hotlines: readonly ShownHotline[]; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="hotlines" data-testid={testId}>
      {hotlines.map((hotline) => (
        <li key={hotline.id} className="hotline">
          <a className="hotline__call" href={`tel:${dialString(hotline.number)}`} aria-label={t("crisis.call", { name: hotline.name, number: hotline.number })}>
            <span className="hotline__name">{hotline.name}</span>
            <span className="hotline__number">{hotline.number}</span>
          </a>
          <p className="hotline__facts">
            {[hotline.areaName, hotline.hours, formatList(hotline.languages.map((language) => t(`groups.languages.${language}`)), i18n.language)]
              .filter((fact) => fact)
              .join(" · ")}
          </p>
          {hotline.note ? <p className="hotline__note">{hotline.note}</p> : null}
        </li>
      ))}
    </ul>
  );
}
