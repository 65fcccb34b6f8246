import { Form } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { CsrfField } from "~/components/ui/csrf-field";
import { areaName } from "~/domain/areas/areas";
import type { HelpCategory, HelpUrgency, RequestStatus } from "~/domain/help/request-rules";
import type { StaffPerson } from "~/domain/help/staff-view";
import type { WaitingTime } from "~/domain/help/waiting";
import { fieldError } from "~/forms/form-reply";
import { useTranslation } from "~/i18n/use-translation";
import { AssigneeWords, UrgencyWords, WaitingWords } from "./staff-words";

/** Why "assign to me" was refused, under that row's button. */
function RowError({ error }: { error?: string }) {
  const { t } = useTranslation();
  return error ? (
    <p className="field__error" role="alert">
      {t(error)}
    </p>
  ) : null;
}

export type QueueRow = {
  id: string;
  category: HelpCategory;
  urgency: HelpUrgency;
  status: RequestStatus;
  open: boolean;
  waiting: WaitingTime;
  area: { nameZh: string; nameEn: string } | null;
  assignee: StaffPerson | null;
};

/**
 * One page of the queue, each request on a few short lines: what and how soon, status and how
 * long it waited, area and who has it; "assign to me" (a small form) when it is not the reader's.
 */
export function QueueList({ rows, reply, busy }: { rows: readonly QueueRow[]; reply: unknown; busy: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="request-list" data-testid="help-queue">
      {rows.map((row) => (
        <li key={row.id} data-request={row.id} className={row.urgency === "urgent" ? "queue-row--urgent" : undefined}>
          <h2>
            <PageLink to={`/staff/help/${row.id}`}>{t(`help.categories.${row.category}.name`)}</PageLink>
          </h2>
          <p>
            <UrgencyWords urgency={row.urgency} /> · {t(`helpStaff.statuses.${row.status}`)} · <WaitingWords waiting={row.waiting} open={row.open} />
          </p>
          <p>
            {row.area ? areaName(row.area, i18n.language) : null} · <AssigneeWords assignee={row.assignee} />
          </p>
          {row.open && row.assignee?.kind !== "you" ? (
            <Form method="post" preventScrollReset>
              <CsrfField />
              <input type="hidden" name="requestId" value={row.id} />
              <button type="submit" name="intent" value="assignMe" className="button button--secondary" disabled={busy}>
                {t("helpStaff.queue.assignMe")}
              </button>
              <RowError error={fieldError(reply, `request-${row.id}`)} />
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
