import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { readForAccount } from "~/auth/current-account.server";
import { listOwnRequests } from "~/data/help-requests.server";
import { statusMeaning } from "~/domain/help/member-view";
import { formatDateTime } from "~/i18n/format";
import { pageTitle } from "~/i18n/meta";
import { useTranslation } from "~/i18n/use-translation";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "help.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { account, read } = await readForAccount(request, context, (trx) => listOwnRequests(trx));
  const requests = read.map((entry) => ({
    id: entry.id,
    category: entry.category,
    status: entry.status,
    meaning: statusMeaning(entry.status),
    createdAt: entry.createdAt.toISOString(),
    statusChangedAt: entry.statusChangedAt.toISOString(),
  }));
  return { hasArea: account.areaId !== null, requests };
}

export default function HelpRequests() {
  const { hasArea, requests } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="help-title">
      <h1 id="help-title">{t("help.title")}</h1>
      <p>{t("help.intro")}</p>
      {hasArea ? (
        <PageLink className="button" to="/help/new">
          {t("help.askButton")}
        </PageLink>
      ) : (
        <>
          <p>{t("help.noArea")}</p>
          <PageLink className="button" to="/welcome">
            {t("help.chooseArea")}
          </PageLink>
        </>
      )}
      <h2>{t("help.yours")}</h2>
      {requests.length === 0 ? <p>{t("help.none")}</p> : null}
      <ul className="request-list">
        {requests.map((entry) => (
          <li key={entry.id} data-request={entry.id}>
            <h3>
              <PageLink to={`/help/${entry.id}`}>{t(`help.categories.${entry.category}.name`)}</PageLink>
            </h3>
            <p>
              <strong>{t(`help.statuses.${entry.status}`)}</strong> — {t(`help.meanings.${entry.meaning}`)}
            </p>
            <p className="field__hint">
              {t("help.asked", { when: formatDateTime(entry.createdAt, i18n.language) })} · {t("help.changed", { when: formatDateTime(entry.statusChangedAt, i18n.language) })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
