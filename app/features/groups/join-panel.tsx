import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, TextAreaField } from "~/components/ui/form-field";
import { TEXT_LIMITS } from "~/domain/groups/meeting-fields";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

type Membership = { status: "requested" | "approved" | "declined" | "removed" | "left"; decisionReason: string; requestNote: string; decidedAt: Date | string | null } | null;

/** Asking to join, the answer, and leaving: what a member who does not lead the group sees. */
export function JoinPanel({ membership, noteError, failure, done, busy }: { membership: Membership; noteError?: string; failure?: string; done?: string; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const status = membership?.status ?? null;
  const canAsk = status === null || status === "declined" || status === "left";
  return (
    <section className="panel" aria-labelledby="join-title">
      <h2 id="join-title">{status === "approved" ? t("groups.join.memberTitle") : t("groups.join.title")}</h2>
      {status === "requested" ? <p role="status">{t("groups.join.requested")}</p> : null}
      {status === "approved" ? <p>{t("groups.join.approved")}</p> : null}
      {status === "declined" ? (
        <p>
          {t("groups.join.declined")} {membership?.decisionReason ? t("groups.join.theySaid", { reason: membership.decisionReason }) : null}
        </p>
      ) : null}
      {status === "removed" ? (
        <p>
          {t("groups.join.removed", { date: membership?.decidedAt ? formatDate(membership.decidedAt, i18n.language) : "" })}{" "}
          {membership?.decisionReason ? t("groups.join.theySaid", { reason: membership.decisionReason }) : null}
        </p>
      ) : null}
      {canAsk ? (
        <Form method="post" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="join" />
          <TextAreaField id="join-note" name="note" label={t("groups.join.note")} hint={t("groups.join.noteHint", { max: TEXT_LIMITS.joinNote })} maxLength={TEXT_LIMITS.joinNote} error={noteError} />
          <button type="submit" className="button" disabled={busy}>
            {t("groups.join.ask")}
          </button>
          <FormMessage message={failure} />
        </Form>
      ) : null}
      {status === "requested" || status === "approved" ? (
        <Form method="post" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="leave" />
          <p className="field__hint">{status === "approved" ? t("groups.join.leaveHint") : t("groups.join.withdrawHint")}</p>
          <button type="submit" className="button button--secondary" disabled={busy}>
            {status === "approved" ? t("groups.join.leave") : t("groups.join.withdraw")}
          </button>
          <FormMessage message={done === "leave" ? "groups.join.leftDone" : failure} tone={done === "leave" ? "info" : "error"} />
        </Form>
      ) : null}
    </section>
  );
}
