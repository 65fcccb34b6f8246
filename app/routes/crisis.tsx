import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { getCurrentAccount } from "~/auth/current-account.server";
import { useRootData } from "~/components/shell/use-root-data";
import { getDatabase } from "~/data/db.server";
import { listHotlinesFor } from "~/data/hotlines.server";
import { asAnon } from "~/data/rls.server";
import { keptAreas } from "~/data/kept-areas.server";
import { AREA_PICK_FIELDS, areaChain, areaName, areaParentsOf, pickedArea } from "~/domain/areas/areas";
import { orderHotlines } from "~/domain/crisis/hotlines";
import { AreaPicker } from "~/features/areas/area-picker";
import { HotlineList, type ShownHotline } from "~/features/crisis/hotline-list";
import { keepCrisisPageOffline } from "~/features/crisis/offline-copy.client";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "crisis.title");

/** The calm steps for the next ten minutes, in order (crisis.steps.<id>). */
const STEPS = ["breathe", "safePlace", "distance", "callSomeone", "ground", "itPasses"] as const;

/**
 * Hotlines of the chosen area and the areas above it, then the national ones. The area is the
 * one picked in the address (the step-by-step picker, or `?area=` as the offline copy asks),
 * else the signed-in member's own. Hotlines are public: read as anon for everyone.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await getCurrentAccount(request, context);
  const query = new URL(request.url).searchParams;
  const areas = await keptAreas();
  const { hotlines, areaId } = await asAnon(await getDatabase(), async (trx) => {
    const parents = areaParentsOf(areas);
    const named = query.get("area");
    const areaId = AREA_PICK_FIELDS.some((field) => query.has(field))
      ? pickedArea(AREA_PICK_FIELDS.map((field) => query.get(field) ?? undefined), parents)
      : named !== null && parents.has(named)
        ? named
        : (account?.areaId ?? null);
    const hotlines = await listHotlinesFor(trx, areaChain(areas, areaId).map((area) => area.id));
    return { hotlines, areaId };
  });
  const ordered = orderHotlines(hotlines, areas, areaId);
  return { areas, areaId, local: ordered.filter((line) => line.areaId !== null), national: ordered.filter((line) => line.areaId === null) };
}

export default function Crisis() {
  const { areas, areaId, local, national } = useLoaderData<typeof loader>();
  const lang = useRootData()?.lang ?? "zh-CN";
  const { t, i18n } = useTranslation();
  useEffect(() => keepCrisisPageOffline({ areaId, lang }), [areaId, lang]);
  const nameOf = (id: string | null) => {
    const area = areas.find((entry) => entry.id === id);
    return area ? areaName(area, i18n.language) : null;
  };
  const shown = (lines: typeof local): ShownHotline[] => lines.map((line) => ({ ...line, areaName: nameOf(line.areaId) }));
  const chosenName = nameOf(areaId);
  return (
    <>
      <section className="panel" aria-labelledby="crisis-title">
        <h1 id="crisis-title">{t("crisis.title")}</h1>
        <p className="crisis__urgent">{t("crisis.urgent")}</p>
        <h2 id="crisis-local-title">{chosenName ? t("crisis.localTitle", { area: chosenName }) : t("crisis.localTitleNoArea")}</h2>
        {local.length > 0 ? (
          <HotlineList hotlines={shown(local)} testId="local-hotlines" />
        ) : (
          <p>
            {chosenName ? t("crisis.noLocal") : t("crisis.chooseAreaFirst")} <a href="#crisis-area-title">{t("crisis.toAreaPicker")}</a>
          </p>
        )}
        <h2 id="crisis-national-title">{t("crisis.nationalTitle")}</h2>
        <HotlineList hotlines={shown(national)} testId="national-hotlines" />
      </section>
      <section className="panel" aria-labelledby="crisis-steps-title">
        <h2 id="crisis-steps-title">{t("crisis.stepsTitle")}</h2>
        <ol className="crisis__steps">
          {STEPS.map((step) => (
            <li key={step}>{t(`crisis.steps.${step}`)}</li>
          ))}
        </ol>
      </section>
      <section className="panel" aria-labelledby="crisis-area-title">
        <h2 id="crisis-area-title">{t("crisis.areaTitle")}</h2>
        <Form method="get" preventScrollReset>
          <AreaPicker areas={areas} chosenId={areaId} legend={t("crisis.areaLegend")} />
          <button type="submit" className="button button--secondary">
            {t("crisis.showArea")}
          </button>
        </Form>
        <p className="field__hint">{t("crisis.offlineNote")}</p>
      </section>
    </>
  );
}
