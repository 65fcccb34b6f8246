import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, SelectField } from "~/components/ui/form-field";
import { AreaOptions } from "~/features/areas/area-options";
import type { AreaLevel } from "~/domain/areas/areas";

type AreaChoice = { id: string; level: AreaLevel; nameZh: string; nameEn: string };

/**
 * The member's home area, chosen or changed (the account and welcome pages). Posts
 * intent=area and areaId ("" for none) to the page it is on; works without scripts. The page
 * keeps its scroll position so that the confirmation shows where the member tapped.
 */
export function HomeAreaForm({ areas, areaId, saved, error }: { areas: readonly AreaChoice[]; areaId: string | null; saved: boolean; error?: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" preventScrollReset>
      <CsrfField />
      <input type="hidden" name="intent" value="area" />
      <SelectField id="area" name="areaId" label={t("admin.roles.area")} error={error} defaultValue={areaId ?? ""}>
        <option value="">{t("account.noArea")}</option>
        <AreaOptions areas={areas} />
      </SelectField>
      <button type="submit" className="button button--secondary">
        {t("account.saveArea")}
      </button>
      <FormMessage message={saved ? "account.areaSaved" : undefined} tone="info" />
    </Form>
  );
}
