import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { readForRole, requireRole } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage, SelectField } from "~/components/ui/form-field";
import { getDatabase } from "~/data/db.server";
import { keptAreas } from "~/data/kept-areas.server";
import { asMember } from "~/data/rls.server";
import { createTestingSite, listServedAreaIds, listServedSites, setTestingSiteAddress, updateTestingSite } from "~/data/testing-staff.server";
import { areaName, areaNameById } from "~/domain/areas/areas";
import { DEFAULT_TIME_ZONE } from "~/domain/groups/local-time";
import { fieldError, formFailure, isFormFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal, type Refusal } from "~/forms/parse-form.server";
import { TestingSiteAction } from "~/forms/testing-site";
import { SiteFields } from "~/features/testing-staff/site-fields";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "testingStaff.sites.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [{ read }, areas] = await Promise.all([
    readForRole(request, context, "social_worker", async (trx) => {
      const [sites, servedIds] = await Promise.all([listServedSites(trx), listServedAreaIds(trx)]);
      return { sites, servedIds };
    }),
    keptAreas(),
  ]);
  return { sites: read.sites, areas, servedAreas: areas.filter((area) => read.servedIds.includes(area.id)) };
}

const NOT_ALLOWED = refusal(403, formFailure("errors.testingStaff.notAllowed"));
const INVALID = refusal(400, formFailure("errors.testingStaff.invalid"));

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireRole(request, context, "social_worker");
  // Which of the page's forms was sent, so that its refusal shows beside that form only.
  const posted = await request.clone().formData();
  const which = posted.get("intent") === "add" ? "add" : `site-${String(posted.get("siteId"))}`;
  const refuse = ({ status, body }: Refusal) => formReply({ status, body: { ...body, intent: which } });
  const form = await parseForm(request, TestingSiteAction);
  if (!form.ok) return refuse(form);
  const change = form.value;
  // One transaction: a site added or changed never stands without its address.
  const outcome = await asMember(await getDatabase(), account.userId, async (trx) => {
    if (change.intent === "status") return updateTestingSite(trx, change.siteId, { status: change.status });
    const words = { publicName: change.publicName, openingNotes: change.openingNotes, accessibilityNotes: change.accessibilityNotes };
    if (change.intent === "add") {
      const made = await createTestingSite(trx, { ...words, areaId: change.areaId, timeZone: DEFAULT_TIME_ZONE });
      return made.ok ? setTestingSiteAddress(trx, made.id, change.address) : made;
    }
    const changed = await updateTestingSite(trx, change.siteId, words);
    return changed.ok ? setTestingSiteAddress(trx, change.siteId, change.address) : changed;
  });
  if (!outcome.ok) return refuse(outcome.reason === "not-allowed" ? NOT_ALLOWED : INVALID);
  return { ok: true as const, done: change.intent === "status" ? change.status : change.intent };
}

export default function StaffTestingSites() {
  const { sites, areas, servedAreas } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const refusedFor = (which: string) => (isFormFailure(reply) && reply.intent === which ? reply : undefined);
  const { t, i18n } = useTranslation();
  const areaOf = (id: string) => areaNameById(areas, id, i18n.language);
  return (
    <section className="panel" aria-labelledby="testing-sites-title">
      <h1 id="testing-sites-title">{t("testingStaff.sites.title")}</h1>
      <p>{t("testingStaff.sites.intro")}</p>
      <p>
        <PageLink to="/staff/testing/desk">{t("testingStaff.sites.desk")}</PageLink>
      </p>
      <FormMessage message={reply?.ok ? `testingStaff.sites.done.${reply.done}` : undefined} tone="info" />
      {sites.length === 0 ? <p>{t("testingStaff.sites.none")}</p> : null}
      <ul className="request-list">
        {sites.map((site) => (
          <li key={site.id} data-site={site.publicName}>
            <h2>
              <PageLink to={`/staff/testing/sites/${site.id}`}>{site.publicName}</PageLink>
            </h2>
            <p>
              {areaOf(site.areaId)} · {t(`testingStaff.sites.status.${site.status}`)}
            </p>
            <p>{site.address ?? t("testingStaff.sites.noAddress")}</p>
            {site.openingNotes ? <p className="field__hint">{site.openingNotes}</p> : null}
            {site.accessibilityNotes ? <p className="field__hint">{site.accessibilityNotes}</p> : null}
            <Form method="post" preventScrollReset>
              <CsrfField />
              <input type="hidden" name="intent" value="status" />
              <input type="hidden" name="siteId" value={site.id} />
              <input type="hidden" name="status" value={site.status === "open" ? "closed" : "open"} />
              <button type="submit" className="button button--secondary" disabled={busy}>
                {t(site.status === "open" ? "testingStaff.sites.close" : "testingStaff.sites.reopen")}
              </button>
            </Form>
            <FormMessage message={refusedFor(`site-${site.id}`)?.formError} />
            <details open={refusedFor(`site-${site.id}`) !== undefined}>
              <summary>{t("testingStaff.sites.edit")}</summary>
              <Form method="post" preventScrollReset>
                <CsrfField />
                <input type="hidden" name="intent" value="edit" />
                <input type="hidden" name="siteId" value={site.id} />
                <SiteFields idPrefix={`site-${site.id}`} site={site} reply={refusedFor(`site-${site.id}`)} />
                <button type="submit" className="button" disabled={busy}>
                  {t("testingStaff.sites.save")}
                </button>
              </Form>
            </details>
          </li>
        ))}
      </ul>
      <h2>{t("testingStaff.sites.addTitle")}</h2>
      <Form method="post" aria-label={t("testingStaff.sites.addTitle")}>
        <CsrfField />
        <input type="hidden" name="intent" value="add" />
        <SiteFields idPrefix="new-site" reply={refusedFor("add")} />
        <SelectField id="new-site-area" name="areaId" label={t("testingStaff.site.area")} error={fieldError(refusedFor("add"), "areaId")} defaultValue={servedAreas[0]?.id}>
          {servedAreas.map((area) => (
            <option key={area.id} value={area.id}>
              {areaName(area, i18n.language)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={busy}>
          {t("testingStaff.sites.add")}
        </button>
        <FormMessage message={refusedFor("add")?.formError} />
      </Form>
    </section>
  );
}
