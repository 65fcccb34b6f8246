import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Pager } from "~/components/ui/pager";
import { readForRole, requireRole } from "~/auth/current-account.server";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { listAssigneeNames } from "~/data/help-colleagues.server";
import { assignRequest, listQueue } from "~/data/help-requests.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { areaWordsById } from "~/domain/areas/areas";
import { isOpenRequest } from "~/domain/help/request-rules";
import { staffPerson } from "~/domain/help/staff-view";
import { waitingTime } from "~/domain/help/waiting";
import { QueueFilters } from "~/features/help-staff/queue-filters";
import { QueueList, type QueueRow } from "~/features/help-staff/queue-list";
import { fieldFailure } from "~/forms/form-reply";
import { parseQueueQuery, QueueAction, queueQueryString } from "~/forms/help-staff";
import { formReply, parseForm, refusal, type RefusalReason } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "helpStaff.queue.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams;
  const { filters, dropped } = parseQueueQuery(search);
  const now = new Date();
  const [{ account, read }, areaList] = await Promise.all([
    readForRole(request, context, "social_worker", async (trx, account) => {
      const queue = await listQueue(trx, filters, now);
      const othersAssigned = queue.requests.filter((row) => row.assignedTo !== null && row.assignedTo !== account.userId).map((row) => row.id);
      return { queue, names: await listAssigneeNames(trx, othersAssigned) };
    }),
    keptAreas(),
  ]);
  const areas = areaWordsById(areaList);
  const rows: QueueRow[] = read.queue.requests.map((row) => ({
    id: row.id,
    category: row.category,
    urgency: row.urgency,
    status: row.status,
    open: isOpenRequest(row.status),
    waiting: waitingTime(row.createdAt, row.closedAt ?? now),
    area: areas.get(row.areaId) ?? null,
    assignee: row.assignedTo === null ? null : staffPerson(row.assignedTo, { memberId: null, me: account.userId, names: read.names }),
  }));
  return {
    filters,
    dropped: dropped.length > 0,
    rows,
    previous: filters.page > 1 ? (`/staff/help${queueQueryString({ ...filters, page: filters.page - 1 })}` as const) : null,
    next: read.queue.more ? (`/staff/help${queueQueryString({ ...filters, page: filters.page + 1 })}` as const) : null,
    transferred: search.get("done") === "transferred",
  };
}

const ASSIGN_REFUSALS: Record<RefusalReason<Awaited<ReturnType<typeof assignRequest>>>, { status: number; message: string }> = {
  "not-found": { status: 404, message: "errors.helpStaff.notFound" },
  closed: { status: 409, message: "errors.helpStaff.closed" },
  "not-colleague": { status: 409, message: "errors.helpStaff.notColleague" },
};

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireRole(request, context, "social_worker");
  const form = await parseForm(request, QueueAction);
  if (!form.ok) return formReply(form);
  const { requestId } = form.value;
  const result = await asMember(await getDatabase(), account.userId, (trx) => assignRequest(trx, requestId, account.userId));
  if (!result.ok) {
    const { status, message } = ASSIGN_REFUSALS[result.reason];
    // Beside the button of the row that was sent.
    return formReply(refusal(status, fieldFailure({ [`request-${requestId}`]: message })));
  }
  return { ok: true as const };
}

export default function HelpQueue() {
  const { filters, dropped, rows, previous, next, transferred } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="help-queue-title">
      <h1 id="help-queue-title">{t("helpStaff.queue.title")}</h1>
      <p>{t("helpStaff.queue.intro")}</p>
      <FormMessage tone="info" message={transferred ? "helpStaff.request.done.transfer" : reply?.ok ? "helpStaff.queue.assigned" : undefined} />
      <FormMessage message={reply && !reply.ok ? (reply.formError ?? (reply.fieldErrors.requestId ? "errors.form.invalid" : undefined)) : undefined} />
      <details className="finder-choices" open={rows.length === 0 || dropped}>
        <summary>{t("helpStaff.queue.filters")}</summary>
        <QueueFilters filters={filters} />
      </details>
      {dropped ? (
        <p className="form-message form-message--warning" data-testid="queue-dropped">
          {t("helpStaff.queue.dropped")}
        </p>
      ) : null}
      {rows.length === 0 ? <p>{t("helpStaff.queue.none")}</p> : null}
      <QueueList rows={rows} reply={reply} busy={busy} />
      <Pager
        label={t("helpStaff.queue.pages")}
        previous={previous ? { to: previous, text: t("helpStaff.queue.previous") } : null}
        position={t("helpStaff.queue.page", { page: filters.page })}
        next={next ? { to: next, text: t("helpStaff.queue.next") } : null}
      />
    </section>
  );
}
