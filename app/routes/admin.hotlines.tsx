import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { z } from "zod";
import { readForRole, requireRole } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormMessage } from "~/components/ui/form-field";
import { DataTable, type TableColumn } from "~/components/ui/table";
import { getDatabase } from "~/data/db.server";
import { addHotline, changeHotline, listAllHotlines, removeHotline, type HotlineChangeRefusal, type HotlineChangeResult } from "~/data/hotlines.server";
import { asMember } from "~/data/rls.server";
import { keptAreas } from "~/data/kept-areas.server";
import { areaNameById } from "~/domain/areas/areas";
import { HotlineFieldset } from "~/features/crisis/hotline-fields";
import { fieldFailure, formFailure } from "~/forms/form-reply";
import { HotlineAction, readHotline } from "~/forms/hotline";
import { formReply, parseForm, refusal, type Refusals } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "crisis.admin.title");

/** `?edit=<id>` and `?remove=<id>` (asks first) are pages of their own, so they work without JavaScript; `?done=` says what was done. */
const Asked = z.uuid().nullable().catch(null);
const Done = z.enum(["added", "changed", "removed"]).nullable().catch(null);

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The functions refuse non-admins regardless; hotlines are public to read.
  const [{ read }, areas] = await Promise.all([readForRole(request, context, "admin", async (trx) => ({ hotlines: await listAllHotlines(trx) })), keptAreas()]);
  const query = new URL(request.url).searchParams;
  return {
    ...read,
    areas,
    edit: Asked.parse(query.get("edit")),
    remove: Asked.parse(query.get("remove")),
    asked: query.has("edit") || query.has("remove"),
    done: Done.parse(query.get("done")),
  };
}

const REFUSALS: Refusals<HotlineChangeRefusal> = {
  "not-allowed": refusal(403, formFailure("errors.crisis.notAllowed")),
  "not-found": refusal(404, formFailure("errors.crisis.gone")),
  "unknown-area": refusal(400, fieldFailure({ areaId: "errors.crisis.area" })),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, "admin");
  const form = await parseForm(request, HotlineAction);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const db = await getDatabase();
  let outcome: HotlineChangeResult;
  if (change.intent === "remove") outcome = await asMember(db, admin.userId, (trx) => removeHotline(trx, change.hotlineId));
  else {
    const read = readHotline(change);
    if (!read.ok) return formReply(refusal(400, fieldFailure(read.problems)));
    outcome = await asMember(db, admin.userId, (trx) => (change.intent === "edit" ? changeHotline(trx, change.hotlineId, read.hotline) : addHotline(trx, read.hotline)));
  }
  if (!outcome.ok) return formReply(REFUSALS[outcome.reason]);
  const done = { add: "added", edit: "changed", remove: "removed" }[change.intent];
  return redirect(`/admin/hotlines?done=${done}`, { status: 303 });
}

export default function AdminHotlines() {
  const { hotlines, areas, edit, remove, asked, done } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, i18n } = useTranslation();
  const areaOf = (id: string | null) => (id === null ? t("crisis.admin.national") : areaNameById(areas, id, i18n.language));
  const editing = hotlines.find((hotline) => hotline.id === edit);
  const removing = hotlines.find((hotline) => hotline.id === remove);
  const columns: TableColumn<(typeof hotlines)[number]>[] = [
    { header: t("crisis.admin.name"), translate: "no", cell: (hotline) => hotline.name },
    { header: t("crisis.admin.number"), translate: "no", cell: (hotline) => hotline.number },
    { header: t("crisis.admin.area"), cell: (hotline) => areaOf(hotline.areaId) },
    { header: t("crisis.admin.sortOrder"), cell: (hotline) => String(hotline.sortOrder) },
    {
      header: t("crisis.admin.edit"),
      action: true,
      cell: (hotline) => (
        <>
          <PageLink to={`/admin/hotlines?edit=${hotline.id}`} aria-label={t("crisis.admin.editFor", { name: hotline.name })}>
            {t("crisis.admin.edit")}
          </PageLink>{" "}
          <PageLink to={`/admin/hotlines?remove=${hotline.id}`} aria-label={t("crisis.admin.removeFor", { name: hotline.name })}>
            {t("crisis.admin.remove")}
          </PageLink>
        </>
      ),
    },
  ];
  const formError = reply && !reply.ok ? reply.formError : undefined;
  return (
    <>
      {removing ? (
        <section className="panel" aria-labelledby="remove-title" data-testid="remove-hotline-confirm">
          <h2 id="remove-title">{t("crisis.admin.confirmRemoveTitle")}</h2>
          <p>{t("crisis.admin.confirmRemove", { name: removing.name, number: removing.number })}</p>
          <Form method="post" action="/admin/hotlines" className="inline-form">
            <CsrfField />
            <input type="hidden" name="intent" value="remove" />
            <input type="hidden" name="hotlineId" value={removing.id} />
            <button type="submit" className="button button--danger" disabled={busy}>
              {t("crisis.admin.confirmRemoveYes")}
            </button>
          </Form>{" "}
          <PageLink to="/admin/hotlines">{t("crisis.admin.keep")}</PageLink>
        </section>
      ) : asked && !editing ? (
        <section className="panel" data-testid="hotline-gone">
          <p role="status">{t("crisis.admin.gone")}</p>
          <PageLink to="/admin/hotlines">{t("crisis.admin.backToList")}</PageLink>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="hotlines-title">
        <h1 id="hotlines-title">{t("crisis.admin.title")}</h1>
        <p>{t("crisis.admin.intro")}</p>
        <FormMessage message={done ? `crisis.admin.${done}` : undefined} tone="info" />
      </section>
      <section className="panel" aria-labelledby="hotline-form-title">
        <h2 id="hotline-form-title">{editing ? t("crisis.admin.editTitle") : t("crisis.admin.addTitle")}</h2>
        <Form method="post" action={editing ? `/admin/hotlines?edit=${editing.id}` : "/admin/hotlines"} key={editing?.id ?? "new"} data-testid="hotline-form">
          <CsrfField />
          <input type="hidden" name="intent" value={editing ? "edit" : "add"} />
          {editing ? <input type="hidden" name="hotlineId" value={editing.id} /> : null}
          <HotlineFieldset reply={reply} areas={areas} hotline={editing} />
          <p className="actions">
            <button type="submit" className="button" disabled={busy}>
              {editing ? t("crisis.admin.save") : t("crisis.admin.add")}
            </button>
            {editing ? <PageLink to="/admin/hotlines">{t("crisis.admin.cancelEdit")}</PageLink> : null}
          </p>
          <FormMessage message={formError} />
        </Form>
      </section>
      <section className="panel" aria-labelledby="hotlines-current-title">
        <h2 id="hotlines-current-title">{t("crisis.admin.current")}</h2>
        <DataTable columns={columns} rows={hotlines} rowKey={(hotline) => hotline.id} />
      </section>
    </>
  );
}
