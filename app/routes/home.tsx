import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireAccount } from "~/auth/current-account.server";
import { homeEntries } from "~/domain/navigation/home-entries";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(request, context);
  return { handle: account.handle, entries: homeEntries(account) };
}

export default function Home() {
  const { handle, entries } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="home-title">
      <h1 id="home-title">{t("home.greeting", { handle })}</h1>
      <p>{t("home.intro")}</p>
      <ul className="entries">
        {entries.map((entry) => (
          <li key={entry.id} className={entry.id === "finishSetup" ? "entries__item entries__item--first-step" : "entries__item"}>
            <Link to={entry.to} className="entries__link">
              <span className="entries__title">{t(`home.entries.${entry.id}.title`)}</span>
              <span className="entries__line">{t(`home.entries.${entry.id}.line`)}</span>
            </Link>
          </li>
        ))}
      </ul>
      <p className="field__hint">{t("home.quickExitTip")}</p>
    </section>
  );
}
