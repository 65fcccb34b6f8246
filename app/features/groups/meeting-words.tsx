import type { AttendanceMode, MeetingType } from "~/domain/groups/meeting-fields";
import type { MeetingSeries } from "~/domain/groups/recurrence";
import { formatMeetingTime, isoInstant } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

/** "每周二 19:30，90 分钟" and the like: how a series repeats, in the member's words. */
export function SeriesRule({ series }: { series: MeetingSeries }) {
  const { t } = useTranslation();
  const weekday = t(`groups.weekdays.${new Date(`${series.startsOn}T00:00:00Z`).getUTCDay()}`);
  const rule =
    series.frequency === "monthly"
      ? t(`groups.rule.monthly.${series.monthlyWeek === -1 ? "last" : String(series.monthlyWeek ?? 1)}`, { weekday })
      : t(`groups.rule.${series.frequency}`, { weekday, date: series.startsOn });
  return <>{t("groups.rule.line", { rule, time: series.startTime, minutes: series.durationMinutes })}</>;
}

export function MeetingTime({ occurrence }: { occurrence: { startsAt: Date | string; endsAt: Date | string } }) {
  const { i18n } = useTranslation();
  return <time dateTime={isoInstant(occurrence.startsAt)}>{formatMeetingTime(occurrence, i18n.language)}</time>;
}

export function MeetingKinds({ mode, types }: { mode: AttendanceMode; types: readonly MeetingType[] }) {
  const { t } = useTranslation();
  return <>{[t(`groups.modes.${mode}`), ...types.map((type) => t(`groups.types.${type}`))].join(" · ")}</>;
}
