import { areaName } from "~/domain/areas/areas";
import type { StaffTimelineLine } from "~/domain/help/staff-view";
import { formatDateTime } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { usePersonName } from "./staff-words";

type AreaWords = { nameZh: string; nameEn: string } | null;

type Sent<Line> = Line extends unknown ? Omit<Line, "at"> & { at: string; fromArea: AreaWords; toArea: AreaWords } : never;
/** A timeline line as the loader sends it: the time as text, a hand-over with its areas' names (null elsewhere). */
export type StaffLine = Sent<StaffTimelineLine>;

/** The request's whole history for staff, oldest first; internal notes in a dashed box that says only staff see them. */
export function StaffTimeline({ lines }: { lines: readonly StaffLine[] }) {
  const { t, i18n } = useTranslation();
  const nameOf = usePersonName();
  const area = (words: AreaWords) => (words ? areaName(words, i18n.language) : t("helpStaff.request.anotherArea"));
  return (
    <ol className="request-list" data-testid="staff-timeline">
      {lines.map((line) => (
        <li key={line.id} className={line.kind === "note" ? "internal-note" : undefined} data-kind={line.kind}>
          <p className="field__hint">{formatDateTime(line.at, i18n.language)}</p>
          {line.kind === "message" ? (
            <p className="help-text">
              <strong>{t("helpStaff.request.wrote", { who: nameOf(line.by) })}</strong> {line.body}
            </p>
          ) : null}
          {line.kind === "note" ? (
            <>
              <p>
                <strong>{t("helpStaff.request.onlyStaff")}</strong> {t("helpStaff.request.noteBy", { who: nameOf(line.by) })}
              </p>
              <p className="help-text">{line.body}</p>
            </>
          ) : null}
          {line.kind === "status" ? (
            <>
              <p>{t("helpStaff.request.statusTo", { who: nameOf(line.by), status: t(`helpStaff.statuses.${line.status}`) })}</p>
              {line.note ? <p className="help-text">{t("helpStaff.request.noteForMember", { note: line.note })}</p> : null}
            </>
          ) : null}
          {line.kind === "assignment" ? <p>{t("helpStaff.request.assignedBy", { who: nameOf(line.by), to: line.to ? nameOf(line.to) : t("helpStaff.person.colleague") })}</p> : null}
          {line.kind === "transfer" ? (
            <>
              <p>{t("helpStaff.request.transferredBy", { who: nameOf(line.by), from: area(line.fromArea), to: area(line.toArea) })}</p>
              {line.note ? <p className="help-text">{t("helpStaff.request.noteForMember", { note: line.note })}</p> : null}
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
