import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { failureFor } from "~/forms/form-reply";
import { useTranslation } from "~/i18n/use-translation";
import { MeetingTime } from "./meeting-words";

type Reply = { ok: true; done: string } | { ok: false; formError?: string } | undefined;
type Past = { meetingId: string; occurrenceOn: string; startsAt: string; endsAt: string; present: string[] };

/** For leaders: who came to the meetings of the last weeks, one form per meeting. */
export function AttendancePanel({ past, members, reply, busy }: { past: Past[]; members: { memberId: string; handle: string }[]; reply: Reply; busy: boolean }) {
  const { t } = useTranslation();
  const failure = failureFor(reply, ["attendance"]);
  return (
    <section className="panel" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t("groups.attendance.title")}</h2>
      <p className="field__hint">{t("groups.attendance.intro")}</p>
      {past.length === 0 || members.length === 0 ? <p>{t("groups.attendance.none")}</p> : null}
      {members.length > 0
        ? past.map((occurrence) => (
            <Form key={`${occurrence.meetingId}:${occurrence.occurrenceOn}`} method="post" preventScrollReset className="attendance-form" data-occurrence={occurrence.occurrenceOn}>
              <CsrfField />
              <input type="hidden" name="intent" value="attendance" />
              <input type="hidden" name="meetingId" value={occurrence.meetingId} />
              <input type="hidden" name="occurrenceOn" value={occurrence.occurrenceOn} />
              <fieldset>
                <legend>
                  <MeetingTime occurrence={occurrence} />
                </legend>
                {members.map((member) => (
                  <label key={member.memberId} className="choice" translate="no">
                    <input type="checkbox" name={`present_${member.memberId}`} defaultChecked={occurrence.present.includes(member.memberId)} /> {member.handle}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="button button--secondary" disabled={busy}>
                {t("groups.attendance.save")}
              </button>
            </Form>
          ))
        : null}
      <FormMessage message={failure ?? (reply?.ok && reply.done === "attendance" ? "groups.attendance.saved" : undefined)} tone={failure ? "error" : "info"} />
    </section>
  );
}
