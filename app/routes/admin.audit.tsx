import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SearchForm } from "~/components/ui/search-form";
import { Pager } from "~/components/ui/pager";
import { readForRole } from "~/auth/current-account.server";
import { FormField, SelectField } from "~/components/ui/form-field";
import { searchAuditLog } from "~/data/audit.server";
import { AUDIT_ACTIONS, auditActionKey, isAuditAction } from "~/domain/audit/audit-actions";
import { parseAuditSearch } from "~/forms/audit-search";
import { auditSearchQuery } from "~/forms/audit-search-query";
import { fieldError, fieldFailure } from "~/forms/form-reply";
import { formatDateTime } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "audit.title");

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const parsed = parseAuditSearch(new URL(request.url).searchParams);
  // RLS gives anyone but an admin no rows regardless.
  const { read } = await readForRole(request, context, "admin", async (trx) =>
    parsed.ok ? searchAuditLog(trx, { action: parsed.search.action, since: parsed.search.since, until: parsed.search.until, page: parsed.search.page, limit: PAGE_SIZE }) : null,
  );
  // A search that cannot run says why beside its field and shows nothing.
  if (!parsed.ok) return { typed: parsed.typed, refused: fieldFailure(parsed.fieldErrors), found: null };
  const { action, from, to } = parsed.search;
  const found = read && { ...read, entries: read.entries.map((entry) => ({ ...entry, occurredAt: entry.occurredAt.toISOString() })) };
  return { typed: { action: action ?? "", from, to }, refused: null, found };
}

export default function AdminAudit() {
  const { typed, refused, found } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const search = { action: isAuditAction(typed.action) ? typed.action : null, from: typed.from, to: typed.to };
  return (
    <section className="panel" aria-labelledby="audit-title">
      <h1 id="audit-title">{t("audit.title")}</h1>
      <p>{t("audit.intro")}</p>
      <SearchForm to="/admin/audit" className="finder-form" aria-label={t("audit.form.label")}>
        <SelectField id="audit-action" name="action" label={t("audit.form.action")} defaultValue={typed.action} error={fieldError(refused, "action")}>
          <option value="">{t("audit.form.anyAction")}</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {t(`audit.actions.${auditActionKey(action)}`)} ({action})
            </option>
          ))}
        </SelectField>
        <FormField id="audit-from" name="from" type="date" label={t("audit.form.from")} hint={t("audit.form.dayHint")} defaultValue={typed.from} error={fieldError(refused, "from")} />
        <FormField id="audit-to" name="to" type="date" label={t("audit.form.to")} defaultValue={typed.to} error={fieldError(refused, "to")} />
        <button type="submit" className="button">
          {t("audit.form.search")}
        </button>
      </SearchForm>
      {found === null ? null : found.entries.length === 0 ? (
        <p data-testid="audit-none">{t("audit.none")}</p>
      ) : (
        <ol className="audit-list" aria-label={t("audit.results")}>
          {found.entries.map((entry) => (
            <li key={entry.id} data-action={entry.action} data-entry={entry.id}>
              <p>
                <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, i18n.language)}</time>
                {" · "}
                <strong>{isAuditAction(entry.action) ? t(`audit.actions.${auditActionKey(entry.action)}`) : t("audit.unknownAction")}</strong> <code translate="no">{entry.action}</code>
              </p>
              <dl className="facts">
                <dt>{t("audit.actor")}</dt>
                <dd translate="no">{entry.actorId ?? t("audit.nobody")}</dd>
                <dt>{t("audit.subject")}</dt>
                <dd translate="no">{entry.subjectId ?? t("audit.nobody")}</dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
      {found ? (
        <Pager
          label={t("audit.pages")}
          previous={found.newer ? { to: `/admin/audit${auditSearchQuery(search, { direction: "newer", entryId: found.newer })}`, text: t("audit.newer") } : null}
          next={found.older ? { to: `/admin/audit${auditSearchQuery(search, { direction: "older", entryId: found.older })}`, text: t("audit.older") } : null}
        />
      ) : null}
    </section>
  );
}
