import { FormField, TextAreaField } from "~/components/ui/form-field";
import { TEXT_LIMITS, type GroupLanguage } from "~/domain/groups/meeting-fields";
import { LanguageChoices } from "./language-choices";
import { fieldError } from "~/forms/form-reply";
import { useTranslation } from "~/i18n/use-translation";

/** Name, description and languages of a group (app/forms/group-details.ts reads them), blank or as the group has them. */
export function GroupDetailsFieldset({ reply, group }: { reply: unknown; group?: { name: string; description: string; languages: readonly GroupLanguage[] } }) {
  const { t } = useTranslation();
  return (
    <>
      <FormField id="group-name" name="name" label={t("groups.newGroup.name")} hint={t("groups.newGroup.nameHint")} maxLength={TEXT_LIMITS.groupName} defaultValue={group?.name} error={fieldError(reply, "name")} required />
      <TextAreaField id="group-description" name="description" label={t("groups.newGroup.description")} rows={4} maxLength={TEXT_LIMITS.groupDescription} defaultValue={group?.description} error={fieldError(reply, "description")} />
      <LanguageChoices idPrefix="group" legend={t("groups.newGroup.languages")} chosen={group?.languages} error={fieldError(reply, "languages")} />
    </>
  );
}
