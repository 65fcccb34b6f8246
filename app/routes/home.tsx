import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n/use-translation";
import { requireAccount } from "~/auth/current-account.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(request, context);
  return { handle: account.handle, socialWorker: account.roles.includes("social_worker") };
}

export default function Home() {
  const { handle, socialWorker } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="home-title">
      <h1 id="home-title">{t("home.greeting", { handle })}</h1>
      <p>{t("home.intro")}</p>
      <ul className="link-list">
        <li>
          <Link to="/identity">{t("home.identityLink")}</Link>
        </li>
        {socialWorker ? (
          <li>
            <Link to="/shared">{t("home.sharedLink")}</Link>
          </li>
        ) : null}
        <li>
          <Link to="/account">{t("home.accountLink")}</Link>
        </li>
      </ul>
      <p className="field__hint">{t("home.quickExitTip")}</p>
    </section>
  );
}
