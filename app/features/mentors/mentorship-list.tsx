import { Form } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { CsrfField } from "~/components/ui/csrf-field";
import { mentorshipMoves, showsEndedNotice, type MentorshipState } from "~/domain/mentors/mentorship";
import { formatDate } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";

export interface MentorshipEntry {
  id: string;
  asMentor: boolean;
  otherId: string;
  otherHandle: string;
  note: string;
  state: MentorshipState;
  requestedAt: Date | string;
  endedByMe: boolean;
  blocked: boolean;
}

/**
 * Mentorships of one side with the moves that side can make now: a mentor answers a request,
 * a mentee withdraws theirs, either ends an active one and blocks the other person. When the
 * other side ended it, the entry says only "This mentorship has ended", never who or why.
 */
export function MentorshipList({ entries, busy, empty }: { entries: readonly MentorshipEntry[]; busy: boolean; empty: string }) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) return <p>{t(empty)}</p>;
  return (
    <ul className="request-list">
      {entries.map((entry) => {
        const moves = mentorshipMoves(entry.state, entry.asMentor ? "mentor" : "mentee");
        return (
          <li key={entry.id} data-mentorship={entry.id} data-handle={entry.otherHandle}>
            <h3 translate="no">{entry.otherHandle}</h3>
            <p>
              {t(`mentors.state.${entry.state}`)} · {formatDate(entry.requestedAt, i18n.language)}
            </p>
            {showsEndedNotice(entry) ? (
              <p className="form-message form-message--info" role="status">
                {t("mentors.own.endedNotice")}
              </p>
            ) : null}
            {entry.state === "active" || entry.state === "ended" ? (
              <p>
                <PageLink to={`/mentors/${entry.id}`} className="button">
                  {t("conversation.open")}
                </PageLink>
              </p>
            ) : null}
            {entry.note ? <p className="field__hint">{t(entry.asMentor ? "mentors.own.theirNote" : "mentors.own.yourNote", { note: entry.note })}</p> : null}
            {moves.includes("accept") ? (
              <Form method="post" preventScrollReset>
                <CsrfField />
                <input type="hidden" name="intent" value="answer" />
                <input type="hidden" name="mentorshipId" value={entry.id} />
                <button type="submit" name="answer" value="accept" className="button" disabled={busy}>
                  {t("mentors.own.accept")}
                </button>{" "}
                <button type="submit" name="answer" value="decline" className="button button--secondary" disabled={busy}>
                  {t("mentors.own.decline")}
                </button>
              </Form>
            ) : null}
            {moves.includes("end") || moves.includes("withdraw") ? (
              <Form method="post" preventScrollReset>
                <CsrfField />
                <input type="hidden" name="intent" value="end" />
                <input type="hidden" name="mentorshipId" value={entry.id} />
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {t(moves.includes("end") ? "mentors.own.end" : "mentors.own.withdraw")}
                </button>
              </Form>
            ) : null}
            <Form method="post" preventScrollReset>
              <CsrfField />
              <input type="hidden" name="intent" value={entry.blocked ? "unblock" : "block"} />
              <input type="hidden" name="memberId" value={entry.otherId} />
              <button type="submit" className="button button--secondary" disabled={busy}>
                {t(entry.blocked ? "mentors.own.unblock" : "mentors.own.block")}
              </button>
              {!entry.blocked ? <span className="field__hint"> {t("mentors.own.blockHint")}</span> : null}
            </Form>
          </li>
        );
      })}
    </ul>
  );
}
