import { Form } from "@remix-run/react";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, SelectField, TextAreaField } from "~/components/ui/form-field";
import type { AreaNode } from "~/domain/areas/areas";
import type { StaffPerson, WorkerAction } from "~/domain/help/staff-view";
import { AreaPicker } from "~/features/areas/area-picker";
import { failureFor, fieldError } from "~/forms/form-reply";
import { HELP_STAFF_TEXT_MAX } from "~/forms/help-staff";
import { useTranslation } from "~/i18n/use-translation";
import { usePersonName } from "./staff-words";

type FormProps = { reply: unknown; busy: boolean };

/**
 * The status changes possible now, one button each, with the note the member reads beside the
 * change (declining needs it).
 */
export function StatusForm({ moves, reply, busy }: FormProps & { moves: readonly WorkerAction[] }) {
  const { t } = useTranslation();
  return (
    <Form method="post" preventScrollReset aria-labelledby="help-act-title">
      <h2 id="help-act-title">{t("helpStaff.request.actTitle")}</h2>
      <CsrfField />
      <input type="hidden" name="intent" value="act" />
      <TextAreaField id="help-member-note" name="memberNote" label={t("helpStaff.request.memberNote")} hint={t("helpStaff.request.memberNoteHint")} maxLength={HELP_STAFF_TEXT_MAX} rows={3} error={fieldError(reply, "memberNote")} />
      <p className="actions">
        {moves.map((move) => (
          <button key={move} type="submit" name="move" value={move} className={move === "decline" ? "button button--secondary" : "button"} disabled={busy}>
            {t(`helpStaff.request.moves.${move}`)}
          </button>
        ))}
      </p>
      <FormMessage message={failureFor(reply, ["act"])} />
    </Form>
  );
}

/** A message the member reads, or (internal) a note only staff ever see: two separate forms, plainly labelled. */
export function WriteForm({ internal, sendKey, reply, busy }: FormProps & { internal: boolean; sendKey: string }) {
  const { t } = useTranslation();
  const [intent, field, words] = internal ? (["note", "staffNote", "note"] as const) : (["message", "message", "message"] as const);
  return (
    <Form method="post" preventScrollReset aria-labelledby={`help-${words}-title`} className={internal ? "internal-note" : undefined}>
      <h2 id={`help-${words}-title`}>{t(`helpStaff.request.${words}.title`)}</h2>
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="idempotencyKey" value={sendKey} />
      <TextAreaField id={`help-${words}`} name={field} label={t(`helpStaff.request.${words}.label`)} hint={t(`helpStaff.request.${words}.hint`, { max: HELP_STAFF_TEXT_MAX })} maxLength={HELP_STAFF_TEXT_MAX} rows={4} error={fieldError(reply, field)} />
      <button type="submit" className="button" disabled={busy}>
        {t(`helpStaff.request.${words}.send`)}
      </button>
      <FormMessage message={failureFor(reply, [intent])} />
    </Form>
  );
}

export type ColleagueChoice = { workerId: string; person: StaffPerson };

/** Who handles it: "assign to me" unless it is the reader's already, or a colleague serving the request's area. */
export function AssignForms({ mine, colleagues, reply, busy }: FormProps & { mine: boolean; colleagues: readonly ColleagueChoice[] }) {
  const { t } = useTranslation();
  const nameOf = usePersonName();
  const others = colleagues.filter((colleague) => colleague.person.kind !== "you");
  return (
    <section aria-labelledby="help-assign-title">
      <h2 id="help-assign-title">{t("helpStaff.request.assignTitle")}</h2>
      {mine ? null : (
        <Form method="post" preventScrollReset>
          <CsrfField />
          <button type="submit" name="intent" value="assignMe" className="button" disabled={busy}>
            {t("helpStaff.request.assignMe")}
          </button>
          <FormMessage message={failureFor(reply, ["assignMe"])} />
        </Form>
      )}
      {others.length > 0 ? (
        <Form method="post" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="assign" />
          <SelectField id="help-colleague" name="workerId" label={t("helpStaff.request.colleague")} error={fieldError(reply, "workerId")}>
            <option value="">{t("helpStaff.request.chooseColleague")}</option>
            {others.map((colleague, index) => (
              <option key={colleague.workerId} value={colleague.workerId}>
                {colleague.person.kind === "named" ? nameOf(colleague.person) : t("helpStaff.request.colleagueNumber", { number: index + 1 })}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t("helpStaff.request.assign")}
          </button>
          <FormMessage message={failureFor(reply, ["assign"])} />
        </Form>
      ) : (
        // No colleague to choose: a refused choice (a page grown stale) is said here.
        <FormMessage message={fieldError(reply, "workerId")} />
      )}
    </section>
  );
}

/**
 * Passing the request to another area when the member moved: the area step by step (without
 * scripts, "next" comes back one step further, with the note typed so far), a note the member
 * reads, and what follows.
 */
export function TransferForm({ areas, chosenId, note, reply, busy }: FormProps & { areas: readonly AreaNode[]; chosenId: string | null; note: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" preventScrollReset aria-labelledby="help-transfer-title">
      <h2 id="help-transfer-title">{t("helpStaff.request.transfer.title")}</h2>
      <p>{t("helpStaff.request.transfer.intro")}</p>
      <CsrfField />
      <AreaPicker areas={areas} chosenId={chosenId} legend={t("helpStaff.request.transfer.area")} error={fieldError(reply, "areaId")} />
      <TextAreaField id="help-transfer-note" name="transferNote" label={t("helpStaff.request.transfer.note")} maxLength={HELP_STAFF_TEXT_MAX} rows={3} defaultValue={note} error={fieldError(reply, "transferNote")} />
      <p className="actions">
        <button type="submit" name="intent" value="transfer-step" className="button button--secondary no-scripts-only">
          {t("areas.next")}
        </button>
        <button type="submit" name="intent" value="transfer" className="button button--secondary" disabled={busy}>
          {t("helpStaff.request.transfer.send")}
        </button>
      </p>
      <FormMessage message={failureFor(reply, ["transfer"])} />
    </Form>
  );
}
