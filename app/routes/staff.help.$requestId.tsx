import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForRole, requireRole } from "~/auth/current-account.server";
import { FormMessage } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { listRequestColleagues } from "~/data/help-colleagues.server";
import { actOnRequest, assignRequest, getRequestTimeline, postToRequest, transferRequest, type ActResult, type PostResult, type TransferResult } from "~/data/help-requests.server";
import { getRequestShareForMe } from "~/data/request-identity-shares.server";
import { listAreas } from "~/data/roles.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { AREA_PICK_FIELDS, areaParentsOf, areaWordsById, pickedArea } from "~/domain/areas/areas";
import { askedFacts } from "~/domain/help/request-facts";
import { isOpenRequest } from "~/domain/help/request-rules";
import { staffPerson, staffTimeline, workerActions } from "~/domain/help/staff-view";
import { waitingTime } from "~/domain/help/waiting";
import { AssignForms, StatusForm, TransferForm, WriteForm } from "~/features/help-staff/request-forms";
import { StaffTimeline } from "~/features/help-staff/staff-timeline";
import { AssigneeWords, UrgencyWords, WaitingWords } from "~/features/help-staff/staff-words";
import { errorsForPage, fieldFailure, formFailure, isFormFailure } from "~/forms/form-reply";
import { HelpStaffAction } from "~/forms/help-staff";
import { formReply, parseForm, refusal, type RefusalReason, type Refusal } from "~/forms/parse-form.server";
import { formatDateTime } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "helpStaff.request.title");

const RequestId = z.uuid();

/** The confirmations a redirect after a change brings (?done=…). */
const DONE = ["act", "message", "note", "assign"] as const;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const requestId = RequestId.safeParse(params.requestId);
  if (!requestId.success) throw new Response(null, { status: 404 });
  const now = new Date();
  const [{ account, read }, areas] = await Promise.all([
    readForRole(request, context, "social_worker", async (trx) => {
      const timeline = await getRequestTimeline(trx, requestId.data);
      if (!timeline) return null;
      const [colleagues, share] = await Promise.all([listRequestColleagues(trx, requestId.data), getRequestShareForMe(trx, requestId.data)]);
      return { timeline, colleagues, sharedIdentity: share !== undefined };
    }),
    keptAreas(),
  ]);
  // Out of the worker's reach, made up, or their own request (read on their member page): not found.
  if (!read || read.timeline.request.memberId === account.userId) throw new Response(null, { status: 404 });
  const { request: help, events } = read.timeline;
  const names = new Map(read.colleagues.flatMap((colleague) => (colleague.displayName === null ? [] : [[colleague.workerId, colleague.displayName] as const])));
  const known = { memberId: help.memberId, me: account.userId, names };
  const areaWords = areaWordsById(areas);
  const areaOf = (id: string | null) => (id === null ? null : (areaWords.get(id) ?? null));
  const open = isOpenRequest(help.status);
  const done = DONE.find((word) => new URL(request.url).searchParams.get("done") === word) ?? null;
  return {
    help: {
      ...askedFacts(help),
      open,
      waiting: waitingTime(help.createdAt, help.closedAt ?? now),
      area: areaOf(help.areaId),
      assignee: help.assignedTo === null ? null : staffPerson(help.assignedTo, known),
    },
    moves: workerActions(help.status),
    lines: staffTimeline(events, known).map((line) => ({
      ...line,
      at: line.at.toISOString(),
      fromArea: line.kind === "transfer" ? areaOf(line.fromAreaId) : null,
      toArea: line.kind === "transfer" ? areaOf(line.toAreaId) : null,
    })),
    colleagues: read.colleagues.map((colleague) => ({ workerId: colleague.workerId, person: staffPerson(colleague.workerId, known) })),
    areas,
    sharedIdentity: read.sharedIdentity,
    done,
    // Made per page view: a message or note sent twice from it is stored once.
    sendKey: crypto.randomUUID(),
  };
}

type Reason = RefusalReason<ActResult | PostResult | TransferResult | Awaited<ReturnType<typeof assignRequest>>>;
type Intent = Exclude<HelpStaffAction["intent"], "transfer-step">;

/** Each refusal's status and message, and the field it belongs beside ("text": the sent form's text). */
const REASONS: Record<Reason, { status: number; message: string; beside?: "text" | "workerId" | "areaId" }> = {
  "not-found": { status: 404, message: "errors.helpStaff.notFound" },
  "not-allowed": { status: 404, message: "errors.helpStaff.notFound" },
  "not-now": { status: 409, message: "errors.helpStaff.notNow" },
  "note-required": { status: 400, message: "errors.helpStaff.declineNote", beside: "text" },
  closed: { status: 409, message: "errors.helpStaff.closed" },
  "not-colleague": { status: 400, message: "errors.helpStaff.notColleague", beside: "workerId" },
  "same-area": { status: 400, message: "errors.helpStaff.sameArea", beside: "areaId" },
  "no-area": { status: 400, message: "errors.helpStaff.area", beside: "areaId" },
};
const TEXT_FIELDS: Partial<Record<Intent, string>> = { act: "memberNote", message: "message", note: "staffNote" };
const FORM_FIELDS: Partial<Record<Intent, readonly string[]>> = { assign: ["workerId"], transfer: ["areaId"] };

/** A refusal beside its field when the sent form has it, else under that form's button. */
function refuse(intent: Intent, reason: Reason): Refusal {
  const { status, message, beside } = REASONS[reason];
  const field = beside === "text" ? TEXT_FIELDS[intent] : beside;
  if (field && (beside === "text" || FORM_FIELDS[intent]?.includes(field))) return refusal(status, fieldFailure({ [field]: message }));
  return refusal(status, { ...formFailure(message), intent });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireRole(request, context, "social_worker");
  const requestId = RequestId.safeParse(params.requestId);
  if (!requestId.success) throw new Response(null, { status: 404 });
  const id = requestId.data;
  const form = await parseForm(request, HelpStaffAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const outcome = await asMember(await getDatabase(), account.userId, async (trx) => {
    switch (change.intent) {
      case "act":
        return actOnRequest(trx, id, change.move, change.memberNote);
      case "message":
        return postToRequest(trx, id, { body: change.message, internal: false, idempotencyKey: change.idempotencyKey });
      case "note":
        return postToRequest(trx, id, { body: change.staffNote, internal: true, idempotencyKey: change.idempotencyKey });
      case "assignMe":
        return assignRequest(trx, id, account.userId);
      case "assign":
        return assignRequest(trx, id, change.workerId);
      case "transfer":
      case "transfer-step": {
        const areas = await listAreas(trx);
        const parents = areaParentsOf(areas);
        const picks = AREA_PICK_FIELDS.map((field) => change[field]);
        const areaId = picks.some((pick) => pick && !parents.has(pick)) ? null : pickedArea(picks, parents);
        if (change.intent === "transfer-step") return { ok: true as const, step: areaId, transferNote: change.transferNote };
        return areaId === null ? { ok: false as const, reason: "no-area" as const } : transferRequest(trx, id, areaId, change.transferNote);
      }
    }
  });
  if (!outcome.ok) return formReply(refuse(change.intent === "transfer-step" ? "transfer" : change.intent, outcome.reason));
  if ("step" in outcome) return { ok: true as const, step: outcome.step, transferNote: outcome.transferNote };
  // The worker may no longer see a request passed to an area they do not serve: back to the queue.
  if (change.intent === "transfer") return redirect("/staff/help?done=transferred");
  return redirect(`/staff/help/${id}?done=${change.intent === "assignMe" ? "assign" : change.intent}`);
}

/** The fields the page's forms show a refusal beside. */
const SHOWN_FIELDS = ["memberNote", "message", "staffNote", "workerId", "areaId", "transferNote"];

export default function StaffHelpRequest() {
  const { help, moves, lines, colleagues, areas, sharedIdentity, done, sendKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation();
  // A refusal of a field the page does not show (a button's value, a hidden field) becomes one message at the top.
  const failed = isFormFailure(reply) ? { ...reply, ...errorsForPage(reply, SHOWN_FIELDS) } : undefined;
  const stepped = reply && !isFormFailure(reply) ? { areaId: reply.step, note: reply.transferNote } : null;
  return (
    <section className="panel" aria-labelledby="staff-help-title">
      <p className="breadcrumb">
        <PageLink to="/staff/help">{t("helpStaff.request.back")}</PageLink>
      </p>
      <h1 id="staff-help-title">{t(`help.categories.${help.category}.name`)}</h1>
      <FormMessage tone="info" message={done ? `helpStaff.request.done.${done}` : undefined} />
      {/* A refusal of no one form (an expired page, a tampered field) shows at the top. */}
      <FormMessage message={failed?.intent === undefined ? failed?.formError : undefined} />
      <dl className="facts" data-testid="staff-help-facts">
        <dt>{t("helpStaff.request.status")}</dt>
        <dd data-testid="staff-help-status">{t(`helpStaff.statuses.${help.status}`)}</dd>
        <dt>{t("helpStaff.request.urgency")}</dt>
        <dd>
          <UrgencyWords urgency={help.urgency} />
        </dd>
        <dt>{t("helpStaff.request.waiting")}</dt>
        <dd>
          <WaitingWords waiting={help.waiting} open={help.open} />
        </dd>
        <dt>{t("helpStaff.request.area")}</dt>
        <dd>{help.area ? (i18n.language === "en" ? help.area.nameEn : help.area.nameZh) : ""}</dd>
        <dt>{t("helpStaff.request.assigned")}</dt>
        <dd data-testid="staff-help-assignee">
          <AssigneeWords assignee={help.assignee} />
        </dd>
        <dt>{t("helpStaff.request.contactWay")}</dt>
        <dd>{t(`help.contactWays.${help.contactWay}`)}</dd>
        <dt>{t("helpStaff.request.askedOn")}</dt>
        <dd>{formatDateTime(help.createdAt, i18n.language)}</dd>
      </dl>
      {sharedIdentity ? (
        <p>
          <PageLink id="staff-help-identity-link" to={`/staff/help/${help.id}/identity`}>
            {t("helpStaff.request.sharedIdentity")}
          </PageLink>
        </p>
      ) : null}
      <h2>{t("helpStaff.request.asked")}</h2>
      <p className="help-text">{help.description}</p>
      <h2>{t("helpStaff.request.timeline")}</h2>
      <StaffTimeline lines={lines} />
      {help.open ? null : <p>{t("helpStaff.request.closed")}</p>}
      {/* Keyed by the timeline's length: after a change the forms start empty again. */}
      <div key={lines.length}>
        {moves.length > 0 ? <StatusForm moves={moves} reply={failed} busy={busy} /> : null}
        {help.open ? <WriteForm internal={false} sendKey={sendKey} reply={failed} busy={busy} /> : null}
        <WriteForm internal sendKey={sendKey} reply={failed} busy={busy} />
        {help.open ? <AssignForms mine={help.assignee?.kind === "you"} colleagues={colleagues} reply={failed} busy={busy} /> : null}
        {help.open ? <TransferForm areas={areas} chosenId={stepped?.areaId ?? null} note={stepped?.note ?? ""} reply={failed} busy={busy} /> : null}
      </div>
    </section>
  );
}
