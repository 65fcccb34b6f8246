import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { AreaPicker } from "~/features/areas/area-picker";
import type { AreaNode } from "~/domain/areas/areas";

/**
 * The member's home area, chosen or changed step by step (the account and welcome pages).
 * Posts the picks (AREA_PICK_FIELDS) with intent=area to save, or, without scripts,
 * intent=area-step to come back one step further; the page's action answers both
 * (readAreaPicks). The page keeps its scroll position so the confirmation shows where the
 * member tapped.
 */
export function HomeAreaForm({ areas, areaId, saved, error }: { areas: readonly AreaNode[]; areaId: string | null; saved: boolean; error?: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" preventScrollReset className="home-area-form">
      <CsrfField />
      <AreaPicker areas={areas} chosenId={areaId} legend={t("areas.legend")} error={error} />
      <p className="actions">
        <button type="submit" name="intent" value="area-step" className="button button--secondary no-scripts-only">
          {t("areas.next")}
        </button>
        <button type="submit" name="intent" value="area" className="button button--secondary">
          {t("account.saveArea")}
        </button>
      </p>
      <FormMessage message={saved ? "account.areaSaved" : undefined} tone="info" />
    </Form>
  );
}
