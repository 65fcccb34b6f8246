import { Form } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { failureFor, fieldError } from "~/forms/form-reply";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

type RosterEntry = { memberId: string; handle: string; status: string; requestNote: string; requestedAt: Date | string };
type Reply = { ok: true; done: string } | { ok: false; formError?: string } | undefined;

/** What a leader does on the group's page: answer requests, remove a member with a reason, add meetings. */
export function GroupLeaderPanel({ groupId, roster, coLeaders, reply, busy }: { groupId: string; roster: RosterEntry[]; coLeaders: readonly string[]; reply: Reply; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const requests = roster.filter((entry) => entry.status === "requested");
  const members = roster.filter((entry) => entry.status === "approved");
  const failure = failureFor(reply, ["decide", "coLeader", "stopCoLeader"]);
  const reasonError = fieldError(reply, "reason");
  const decideForm = (entry: RosterEntry, decisions: { value: string; label: string; danger?: boolean }[], reasonLabel: string) => (
    <Form method="post" preventScrollReset>
      <CsrfField />
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="memberId" value={entry.memberId} />
      <div className="field">
        <label htmlFor={`reason-${entry.memberId}`}>{reasonLabel}</label>
        <input id={`reason-${entry.memberId}`} name="reason" maxLength={TEXT_LIMITS.decisionReason} autoComplete="off" />
      </div>
      {decisions.map((decision) => (
        <button key={decision.value} type="submit" name="decision" value={decision.value} className={decision.danger ? "button button--danger" : "button"} disabled={busy}>
          {decision.label}
        </button>
      ))}
    </Form>
  );
  return (
    <section className="panel" aria-labelledby="lead-title">
      <h2 id="lead-title">{t("groups.lead.title")}</h2>
      <p>
        <PageLink to={`/groups/${groupId}/meetings/new`} className="button">
          {t("groups.lead.addMeeting")}
        </PageLink>{" "}
        <PageLink to={`/groups/${groupId}/edit`}>{t("groups.lead.editGroup")}</PageLink>
      </p>
      <h3>{t("groups.lead.requests")}</h3>
      {requests.length === 0 ? <p>{t("groups.lead.noRequests")}</p> : null}
      <ul className="request-list">
        {requests.map((entry) => (
          <li key={entry.memberId}>
            <p>
              <strong translate="no">{entry.handle}</strong> · {formatDate(entry.requestedAt, i18n.language)}
            </p>
            {entry.requestNote ? <p className="field__hint">{t("groups.lead.theirNote", { note: entry.requestNote })}</p> : null}
            {decideForm(entry, [{ value: "approved", label: t("groups.lead.approve") }, { value: "declined", label: t("groups.lead.decline") }], t("groups.lead.reasonOptional"))}
          </li>
        ))}
      </ul>
      <h3>{t("groups.lead.members")}</h3>
      {members.length === 0 ? <p>{t("groups.lead.noMembers")}</p> : null}
      <ul className="request-list">
        {members.map((entry) => (
          <li key={entry.memberId}>
            <details>
              <summary translate="no">{entry.handle}</summary>
              <Form method="post" preventScrollReset>
                <CsrfField />
                <input type="hidden" name="intent" value={coLeaders.includes(entry.memberId) ? "stopCoLeader" : "coLeader"} />
                <input type="hidden" name="memberId" value={entry.memberId} />
                <p className="field__hint">{t(coLeaders.includes(entry.memberId) ? "groups.lead.stopCoLeaderHint" : "groups.lead.coLeaderHint")}</p>
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {t(coLeaders.includes(entry.memberId) ? "groups.lead.stopCoLeader" : "groups.lead.makeCoLeader")}
                </button>
              </Form>
              {decideForm(entry, [{ value: "removed", label: t("groups.lead.remove"), danger: true }], t("groups.lead.removeReason"))}
            </details>
          </li>
        ))}
      </ul>
      {reasonError ? (
        <p className="field__error" role="alert">
          {t(reasonError)}
        </p>
      ) : null}
      <FormMessage message={failure ?? (reply?.ok && reply.done === "decide" ? "groups.lead.decided" : reply?.ok && reply.done === "coLeader" ? "groups.lead.coLeaderDone" : reply?.ok && reply.done === "stopCoLeader" ? "groups.lead.stopCoLeaderDone" : undefined)} tone={failure ? "error" : "info"} />
    </section>
  );
}
