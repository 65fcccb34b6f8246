import { FormField, SelectField } from "~/components/ui/form-field";
import { ATTENDANCE_MODES, MEETING_TYPES, TEXT_LIMITS, type AttendanceMode, type MeetingType } from "~/domain/groups/meeting-fields";
import { fieldError } from "~/forms/form-reply";
import { useTranslation } from "~/i18n/use-translation";

export interface MeetingDetailsDefaults {
  attendanceMode: AttendanceMode;
  types: readonly MeetingType[];
  capacity: number | null;
  notes: string;
  details: { address: string; conferenceLink: string; conferencePhone: string } | null;
}

/** How a meeting meets, its kinds, capacity, where and notes (app/forms/meeting-details.ts reads them), blank or as the meeting has them. */
export function MeetingDetailsFieldset({ reply, meeting }: { reply: unknown; meeting?: MeetingDetailsDefaults }) {
  const { t } = useTranslation();
  const error = (field: string) => fieldError(reply, field);
  return (
    <>
      <SelectField id="meeting-mode" name="attendanceMode" label={t("groups.newMeeting.mode")} error={error("attendanceMode")} defaultValue={meeting?.attendanceMode}>
        {ATTENDANCE_MODES.map((mode) => (
          <option key={mode} value={mode}>
            {t(`groups.modes.${mode}`)}
          </option>
        ))}
      </SelectField>
      <fieldset className="field">
        <legend>{t("groups.newMeeting.types")}</legend>
        {MEETING_TYPES.map((type) => (
          <label key={type} className="choice">
            <input type="checkbox" name={`type_${type}`} defaultChecked={meeting?.types.includes(type)} /> {t(`groups.types.${type}`)}
          </label>
        ))}
      </fieldset>
      <FormField id="meeting-capacity" name="capacity" type="number" inputMode="numeric" min={1} max={1000} defaultValue={meeting?.capacity ?? undefined} label={t("groups.newMeeting.capacity")} hint={t("groups.newMeeting.capacityHint")} error={error("capacity")} />
      <FormField id="meeting-address" name="address" label={t("groups.newMeeting.address")} hint={t("groups.newMeeting.privateHint")} maxLength={TEXT_LIMITS.address} defaultValue={meeting?.details?.address} error={error("address")} />
      <FormField id="meeting-link" name="conferenceLink" type="url" label={t("groups.newMeeting.link")} hint={t("groups.newMeeting.privateHint")} maxLength={TEXT_LIMITS.conferenceLink} defaultValue={meeting?.details?.conferenceLink} error={error("conferenceLink")} />
      <FormField id="meeting-phone" name="conferencePhone" label={t("groups.newMeeting.phone")} maxLength={TEXT_LIMITS.conferencePhone} defaultValue={meeting?.details?.conferencePhone} error={error("conferencePhone")} />
      <FormField id="meeting-notes" name="notes" label={t("groups.newMeeting.notes")} maxLength={TEXT_LIMITS.meetingNotes} defaultValue={meeting?.notes} error={error("notes")} />
    </>
  );
}
