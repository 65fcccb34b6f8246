import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAccount } from "~/auth/current-account.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const account = await requireAccount(request);
  return { handle: account.handle };
}

export default function Home() {
  const { handle } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="home-title">
      <h1 id="home-title">{t("home.greeting", { handle })}</h1>
      <p>{t("home.intro")}</p>
      <ul className="link-list">
        <li>
          <Link to="/account">{t("home.accountLink")}</Link>
        </li>
      </ul>
      <p className="field__hint">{t("home.quickExitTip")}</p>
    </section>
  );
}
