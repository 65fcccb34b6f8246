import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { useTranslation } from "~/i18n/use-translation";
import { z } from "zod";
import { Handle } from "~/forms/account-payloads";
import { readForRole, requireRole } from "~/auth/current-account.server";
import { CsrfField } from "~/components/ui/csrf-field";
import { FormField, FormMessage, SelectField } from "~/components/ui/form-field";
import { DataTable, type TableColumn } from "~/components/ui/table";
import { getDatabase } from "~/data/db.server";
import { asMember } from "~/data/rls.server";
import { listStaffCards, setStaffCardByHandle, type SetStaffCardResult } from "~/data/staff-cards.server";
import { STAFF_CARD_MAX_LENGTH } from "~/domain/accounts/staff-card";
import { staffLabel } from "~/features/staff/staff-label";
import {
  grantRoleByHandle,
  listRoleGrants,
  revokeRoleAndAudit,
  type GrantRoleByHandleResult,
  type RevokeRoleResult,
} from "~/data/roles.server";
import { keptAreas } from "~/data/kept-areas.server";
import { STAFF_ROLES } from "~/domain/accounts/roles";
import { areaName } from "~/domain/areas/areas";
import { AreaOptions } from "~/features/areas/area-options";
import { handleKey } from "~/domain/accounts/handle";
import { fieldError, fieldFailure, formFailure } from "~/forms/form-reply";
import { formReply, parseForm, refusal, type RefusalReason, type Refusals } from "~/forms/parse-form.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.roles.title");

/** `?revoke=<grant id>` asks before revoking, as a page of its own so it works without JavaScript. */
const AskRevoke = z.uuid().nullable().catch(null);

export async function loader({ request, context }: LoaderFunctionArgs) {
  // RLS refuses non-admins regardless.
  const [{ read }, areas] = await Promise.all([
    readForRole(request, context, "admin", async (trx) => ({
      grants: await listRoleGrants(trx),
      cards: await listStaffCards(trx),
    })),
    keptAreas(),
  ]);
  const revoke = new URL(request.url).searchParams.get("revoke");
  // Asked about a grant that is not (or no longer) there: the page says so instead of nothing.
  return { ...read, areas, askRevoke: AskRevoke.parse(revoke), revokeAsked: revoke !== null };
}

const ALL_AREAS = "all";

const RoleChange = z.discriminatedUnion(
  "intent",
  [
    z
      .object({
        intent: z.literal("grant"),
        handle: Handle,
        role: z.enum(STAFF_ROLES, { error: "errors.roles.role" }),
        // "all" is the explicit nationwide choice; "" is the unchosen placeholder.
        areaId: z.union([z.literal(""), z.literal(ALL_AREAS), z.uuid("errors.roles.area")]),
      })
      // A nationwide social worker would see every member's shares: never by default.
      .refine((grant) => grant.role !== "social_worker" || grant.areaId !== "", {
        path: ["areaId"],
        error: "errors.roles.socialWorkerArea",
      }),
    z.object({ intent: z.literal("revoke"), grantId: z.uuid("errors.field.invalid") }),
    z.object({
      intent: z.literal("card"),
      // Named apart from the grant form's handle, so that a message lands beside the right field.
      staffHandle: Handle,
      displayName: z.string().trim().min(1, "errors.field.required").max(STAFF_CARD_MAX_LENGTH.displayName, "errors.staffCard.nameTooLong"),
      organisation: z.string().trim().min(1, "errors.field.required").max(STAFF_CARD_MAX_LENGTH.organisation, "errors.staffCard.organisationTooLong"),
    }),
  ],
  { error: "errors.form.invalid" },
);

const REFUSALS: Refusals<RefusalReason<RevokeRoleResult | GrantRoleByHandleResult>> = {
  "unknown-handle": refusal(404, fieldFailure({ handle: "errors.roles.unknownHandle" })),
  "not-found": refusal(404, formFailure("errors.roles.grantGone")),
  "not-allowed": refusal(403, formFailure("errors.roles.notAllowed")),
  "admin-is-global": refusal(400, fieldFailure({ areaId: "errors.roles.adminIsGlobal" })),
  "already-granted": refusal(409, formFailure("errors.roles.alreadyGranted")),
};

const CARD_REFUSALS: Refusals<RefusalReason<SetStaffCardResult>> = {
  "unknown-handle": refusal(404, fieldFailure({ staffHandle: "errors.roles.unknownHandle" })),
  "not-staff": refusal(400, fieldFailure({ staffHandle: "errors.staffCard.notStaff" })),
  "not-allowed": refusal(403, formFailure("errors.roles.notAllowed")),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, "admin"); // RLS refuses non-admins regardless
  const form = await parseForm(request, RoleChange);
  if (!form.ok) return formReply(form);
  const change = form.value;
  const db = await getDatabase();
  if (change.intent === "card") {
    const card = { displayName: change.displayName, organisation: change.organisation };
    const set = await asMember(db, admin.userId, (trx) => setStaffCardByHandle(trx, { handleKey: handleKey(change.staffHandle), card }));
    if (!set.ok) return formReply(CARD_REFUSALS[set.reason]);
    return { ok: true as const, done: change.intent };
  }
  const outcome = await asMember<RevokeRoleResult | GrantRoleByHandleResult>(db, admin.userId, (trx) =>
    change.intent === "revoke" ? revokeRoleAndAudit(trx, change.grantId) : grantRoleByHandle(trx, {
          ...change,
          areaId: change.areaId === "" || change.areaId === ALL_AREAS ? null : change.areaId,
          handleKey: handleKey(change.handle),
        }),
  );
  if (!outcome.ok) return formReply(REFUSALS[outcome.reason]);
  return { ok: true as const, done: change.intent };
}

export default function AdminRoles() {
  const { grants, areas, cards, askRevoke, revokeAsked } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const grantArea = (id: string | null) => {
    const area = areas.find((a) => a.id === id);
    if (!area) return t("admin.roles.allAreas");
    return areaName(area, i18n.language);
  };
  const grantColumns: TableColumn<(typeof grants)[number]>[] = [
    { header: t("fields.handle"), translate: "no", cell: (grant) => grant.handle ?? "—" },
    { header: t("admin.roles.role"), cell: (grant) => t(`roles.${grant.role}`) },
    { header: t("admin.roles.area"), cell: (grant) => grantArea(grant.areaId) },
    {
      header: t("admin.staffCards.shownAs"),
      translate: "no",
      cell: (grant) => staffLabel(t, grant.handle, cards.find((card) => card.userId === grant.userId) ?? null) ?? "—",
    },
    {
      header: t("admin.roles.revoke"),
      action: true,
      cell: (grant) => (
        <PageLink to={`/admin/roles?revoke=${grant.id}`} aria-label={t("admin.roles.revokeFor", { handle: grant.handle ?? "", role: t(`roles.${grant.role}`) })}>
          {t("admin.roles.revoke")}
        </PageLink>
      ),
    },
  ];
  const asking = grants.find((grant) => grant.id === askRevoke);
  const failure = reply && !reply.ok ? reply : undefined;
  const done = reply?.ok && reply.done !== "card" ? `admin.roles.${reply.done}Done` : undefined;
  const cardDone = reply?.ok && reply.done === "card";
  return (
    <>
      {asking ? (
        <section className="panel" aria-labelledby="revoke-title" data-testid="revoke-role-confirm">
          <h2 id="revoke-title">{t("admin.roles.confirmRevokeTitle")}</h2>
          <p>{t("admin.roles.confirmRevoke", { handle: asking.handle ?? "—", role: t(`roles.${asking.role}`), area: grantArea(asking.areaId) })}</p>
          <Form method="post" action="/admin/roles" className="inline-form">
            <CsrfField />
            <input type="hidden" name="intent" value="revoke" />
            <input type="hidden" name="grantId" value={asking.id} />
            <button type="submit" className="button button--danger" disabled={navigation.state === "submitting"}>
              {t("admin.roles.confirmRevokeYes")}
            </button>
          </Form>{" "}
          <PageLink to="/admin/roles">{t("admin.roles.keepRole")}</PageLink>
        </section>
      ) : revokeAsked ? (
        <section className="panel" aria-labelledby="revoke-gone-title" data-testid="revoke-role-gone">
          <p id="revoke-gone-title" role="status">
            {t("errors.roles.grantGone")}
          </p>
          <PageLink to="/admin/roles">{t("admin.roles.backToRoles")}</PageLink>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="grant-title">
        <h1 id="grant-title">{t("admin.roles.title")}</h1>
        <p>{t("admin.roles.intro")}</p>
        <Form method="post" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="grant" />
          <FormField id="grant-handle" name="handle" label={t("fields.handle")} autoComplete="off" maxLength={48} error={fieldError(reply, "handle")} required />
          <SelectField id="grant-role" name="role" label={t("admin.roles.role")} error={fieldError(reply, "role")}>
            {STAFF_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </SelectField>
          <SelectField id="grant-area" name="areaId" label={t("admin.roles.area")} error={fieldError(reply, "areaId")}>
            <option value="">{t("admin.roles.chooseArea")}</option>
            <option value={ALL_AREAS}>{t("admin.roles.allAreas")}</option>
            <AreaOptions areas={areas} />
          </SelectField>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("admin.roles.grant")}
          </button>
          <FormMessage message={failure?.formError ?? done} tone={done ? "info" : "error"} />
        </Form>
      </section>
      <section className="panel" aria-labelledby="grants-title">
        <h2 id="grants-title">{t("admin.roles.current")}</h2>
        <DataTable columns={grantColumns} rows={grants} rowKey={(grant) => grant.id} />
      </section>
      <section className="panel" aria-labelledby="staff-card-title">
        <h2 id="staff-card-title">{t("admin.staffCards.title")}</h2>
        <p>{t("admin.staffCards.intro")}</p>
        <Form method="post" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="card" />
          <FormField id="card-handle" name="staffHandle" label={t("fields.handle")} autoComplete="off" maxLength={48} error={fieldError(reply, "staffHandle")} required />
          <FormField
            id="card-name"
            name="displayName"
            label={t("admin.staffCards.displayName")}
            hint={t("admin.staffCards.displayNameHint")}
            autoComplete="off"
            maxLength={STAFF_CARD_MAX_LENGTH.displayName}
            error={fieldError(reply, "displayName")}
            required
          />
          <FormField
            id="card-organisation"
            name="organisation"
            label={t("admin.staffCards.organisation")}
            autoComplete="off"
            maxLength={STAFF_CARD_MAX_LENGTH.organisation}
            error={fieldError(reply, "organisation")}
            required
          />
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {t("admin.staffCards.save")}
          </button>
          <FormMessage message={cardDone ? "admin.staffCards.saved" : undefined} tone="info" />
        </Form>
      </section>
    </>
  );
}
