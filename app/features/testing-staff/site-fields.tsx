import { FormField, TextAreaField } from "~/components/ui/form-field";
import { SITE_LIMITS } from "~/domain/testing/site-fields";
import { fieldError } from "~/forms/form-reply";
import { useTranslation } from "~/i18n/use-translation";

export type SiteWords = { publicName: string; address: string | null; openingNotes: string; accessibilityNotes: string };

/** The words of a testing site a worker writes, for adding a site and for changing one. */
export function SiteFields({ idPrefix, site, reply }: { idPrefix: string; site?: SiteWords; reply: unknown }) {
  const { t } = useTranslation();
  return (
    <>
      <FormField
        id={`${idPrefix}-name`}
        name="publicName"
        maxLength={SITE_LIMITS.publicName}
        autoComplete="off"
        defaultValue={site?.publicName}
        label={t("testingStaff.site.publicName")}
        hint={t("testingStaff.site.publicNameHint")}
        error={fieldError(reply, "publicName")}
        required
      />
      <FormField
        id={`${idPrefix}-address`}
        name="address"
        maxLength={SITE_LIMITS.address}
        autoComplete="off"
        defaultValue={site?.address ?? ""}
        label={t("testingStaff.site.address")}
        hint={t("testingStaff.site.addressHint")}
        error={fieldError(reply, "address")}
        required
      />
      <TextAreaField id={`${idPrefix}-opening`} name="openingNotes" maxLength={SITE_LIMITS.notes} defaultValue={site?.openingNotes} label={t("testingStaff.site.openingNotes")} error={fieldError(reply, "openingNotes")} />
      <TextAreaField
        id={`${idPrefix}-access`}
        name="accessibilityNotes"
        maxLength={SITE_LIMITS.notes}
        defaultValue={site?.accessibilityNotes}
        label={t("testingStaff.site.accessibilityNotes")}
        error={fieldError(reply, "accessibilityNotes")}
      />
    </>
  );
}
