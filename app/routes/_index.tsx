import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { PageLink } from "~/components/ui/page-link";
import { useTranslation } from "~/i18n/use-translation";
import { redirectIfSignedIn } from "~/auth/current-account.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "landing.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await redirectIfSignedIn(request, context, "/home");
  return null;
}

export default function Landing() {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="landing-title">
      <h1 id="landing-title">{t("landing.heading")}</h1>
      <p>{t("landing.intro")}</p>
      <ul className="bullets">
        <li>{t("landing.pointPrivate")}</li>
        <li>{t("landing.pointGroups")}</li>
        <li>{t("landing.pointHelp")}</li>
      </ul>
      <p className="actions">
        <PageLink className="button" to="/sign-up">
          {t("nav.signUp")}
        </PageLink>
        <PageLink className="button button--secondary" to="/sign-in">
          {t("nav.signIn")}
        </PageLink>
      </p>
      <p>
        <PageLink to="/about">{t("landing.aboutLink")}</PageLink>
      </p>
    </section>
  );
}
