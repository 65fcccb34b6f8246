import type { StaffPerson } from "~/domain/help/staff-view";
import type { WaitingTime } from "~/domain/help/waiting";
import type { HelpUrgency } from "~/domain/help/request-rules";
import { useTranslation } from "~/i18n/use-translation";

/** Who someone is to the worker reading: "you", "the member", a colleague's card name, or "a social worker". */
export function usePersonName(): (person: StaffPerson) => string {
  const { t } = useTranslation();
  return (person) => (person.kind === "named" ? person.name : t(`helpStaff.person.${person.kind}`));
}

/** "waiting 3 days" while open; "was open 3 days" once closed. */
export function WaitingWords({ waiting, open }: { waiting: WaitingTime; open: boolean }) {
  const { t } = useTranslation();
  const family = open ? "helpStaff.waiting" : "helpStaff.waited";
  return <>{waiting.kind === "days" ? t(`${family}.days`, { days: waiting.days }) : t(`${family}.${waiting.kind}`)}</>;
}

/** How soon: urgent requests carry a marked word, not only a colour, so they stand out to every reader. */
export function UrgencyWords({ urgency }: { urgency: HelpUrgency }) {
  const { t } = useTranslation();
  return urgency === "urgent" ? <strong className="urgent-mark">{t("helpStaff.urgent")}</strong> : <>{t(`help.urgencies.${urgency}`)}</>;
}

/** Who has the request: nobody yet, you, a colleague by name, or another social worker. */
export function AssigneeWords({ assignee }: { assignee: StaffPerson | null }) {
  const { t } = useTranslation();
  if (assignee === null) return <>{t("helpStaff.assignee.nobody")}</>;
  return <>{assignee.kind === "named" ? t("helpStaff.assignee.named", { name: assignee.name }) : t(`helpStaff.assignee.${assignee.kind}`)}</>;
}
