import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { useTranslation } from "~/i18n/use-translation";
import { requireAccount } from "~/auth/current-account.server";
import { BulletSection } from "~/components/ui/bullet-section";
import { HomeAreaForm } from "~/features/areas/home-area-form";
import { keptAreas } from "~/data/kept-areas.server";
import { areaPicksOf, HomeAreaInputs } from "~/forms/home-area-input";
import { chooseOwnAreaByPicks } from "~/data/accounts.server";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { fieldError, fieldFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "welcome.title");

/**
 * The first steps after sign-up (the recovery code was saved just before): choose an area if
 * the member wants to, and what this portal sees. Every step can be skipped; home offers the
 * page again while no area is chosen. Works without scripts.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const [account, areas] = await Promise.all([requireAccount(request, context), keptAreas()]);
  return { handle: account.handle, areaId: account.areaId, areas };
}

const WelcomeStep = z.discriminatedUnion("intent", HomeAreaInputs, { error: "errors.form.invalid" });

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(request, context);
  const form = await parseForm(request, WelcomeStep);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const picked = await asMember(await getDatabase(), account.userId, (trx) => chooseOwnAreaByPicks(trx, areaPicksOf(change), change.intent === "area"));
  if (!picked.ok) return formReply(refusal(400, fieldFailure({ areaId: "errors.account.area" })));
  return change.intent === "area" ? { ok: true as const, saved: "area" as const } : { ok: true as const, step: picked.areaId };
}

export default function Welcome() {
  const { handle, areaId, areas } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <section className="panel" aria-labelledby="welcome-title">
        <h1 id="welcome-title">{t("welcome.heading", { handle })}</h1>
        <p>{t("welcome.intro")}</p>
        <ol className="steps">
          <li className="steps__done">{t("welcome.stepCode")}</li>
          {areaId ? <li className="steps__done">{t("welcome.stepAreaDone")}</li> : <li>{t("welcome.stepArea")}</li>}
          <li>{t("welcome.stepSees")}</li>
        </ol>
      </section>
      <section className="panel" aria-labelledby="welcome-area-title">
        <h2 id="welcome-area-title">{t("welcome.areaTitle")}</h2>
        <p>{t("welcome.areaWhy")}</p>
        <p className="field__hint">{t("welcome.areaOptional")}</p>
        <HomeAreaForm areas={areas} areaId={reply && "step" in reply ? (reply.step ?? null) : areaId} saved={reply !== undefined && "saved" in reply} error={fieldError(reply, "areaId")} />
      </section>
      <BulletSection id="welcome-sees-title" title={t("welcome.seesTitle")} points={[t("welcome.seesNot"), t("welcome.seesKept"), t("welcome.seesLeave")]}>
        <p>
          <PageLink to="/about">{t("welcome.aboutLink")}</PageLink>
        </p>
      </BulletSection>
      <p className="actions">
        <PageLink className="button" to="/home">
          {t("welcome.toHome")}
        </PageLink>
      </p>
    </>
  );
}
