import { FormField, SelectField } from "~/components/ui/form-field";
import { HOTLINE_LIMITS, NATIONAL, type HotlineFields } from "~/domain/crisis/hotlines";
import type { AreaNode } from "~/domain/areas/areas";
import { fieldError } from "~/forms/form-reply";
import { AreaOptions } from "~/features/areas/area-options";
import { LanguageChoices } from "~/features/groups/language-choices";
import { useTranslation } from "~/i18n/use-translation";

/** A hotline's fields (app/forms/hotline.ts reads them), blank for a new one or as the hotline has them. */
export function HotlineFieldset({ reply, areas, hotline }: { reply: unknown; areas: readonly AreaNode[]; hotline?: HotlineFields }) {
  const { t } = useTranslation();
  return (
    <>
      <FormField id="hotline-name" name="name" label={t("crisis.admin.name")} maxLength={HOTLINE_LIMITS.name} defaultValue={hotline?.name} error={fieldError(reply, "name")} required />
      <FormField
        id="hotline-number"
        name="number"
        type="tel"
        label={t("crisis.admin.number")}
        hint={t("crisis.admin.numberHint")}
        maxLength={HOTLINE_LIMITS.numberLength}
        defaultValue={hotline?.number}
        error={fieldError(reply, "number")}
        required
      />
      <FormField id="hotline-hours" name="hours" label={t("crisis.admin.hours")} hint={t("crisis.admin.hoursHint")} maxLength={HOTLINE_LIMITS.hours} defaultValue={hotline?.hours} error={fieldError(reply, "hours")} />
      <LanguageChoices idPrefix="hotline" legend={t("crisis.admin.languages")} chosen={hotline?.languages} error={fieldError(reply, "languages")} />
      <SelectField id="hotline-area" name="areaId" label={t("crisis.admin.area")} defaultValue={hotline?.areaId ?? NATIONAL} error={fieldError(reply, "areaId")}>
        <option value={NATIONAL}>{t("crisis.admin.national")}</option>
        <AreaOptions areas={areas} />
      </SelectField>
      <FormField id="hotline-note" name="note" label={t("crisis.admin.note")} maxLength={HOTLINE_LIMITS.note} defaultValue={hotline?.note} error={fieldError(reply, "note")} />
      <FormField
        id="hotline-order"
        name="sortOrder"
        inputMode="numeric"
        label={t("crisis.admin.sortOrder")}
        hint={t("crisis.admin.sortOrderHint")}
        maxLength={3}
        defaultValue={String(hotline?.sortOrder ?? 100)}
        error={fieldError(reply, "sortOrder")}
        required
      />
    </>
  );
}
