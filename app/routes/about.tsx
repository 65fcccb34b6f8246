import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { useTranslation } from "~/i18n/use-translation";
import { getCurrentAccount } from "~/auth/current-account.server";
import { BulletSection } from "~/components/ui/bullet-section";
import { OWN_PHONE_LIFETIME_SECONDS, SHARED_PHONE_LIFETIME_SECONDS, SHARED_PHONE_LOCK_MINUTES } from "~/domain/sessions/session-terms";
import { ENDED_SHARE_KEEP_DAYS, SHARE_DEFAULT_DAYS, SHARE_MAX_DAYS } from "~/domain/identity/share-expiry";
import { CLEAN_UP_EVERY_MINUTES } from "~/domain/privacy/retention";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "about.title");

/** About the service and privacy, in plain words; the figures come from the rules themselves. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await getCurrentAccount(request, context);
  return {
    signedIn: account !== null,
    ownPhoneDays: OWN_PHONE_LIFETIME_SECONDS / 86400,
    sharedPhoneHours: SHARED_PHONE_LIFETIME_SECONDS / 3600,
    sharedPhoneLockMinutes: SHARED_PHONE_LOCK_MINUTES,
    shareDefaultDays: SHARE_DEFAULT_DAYS,
    shareMaxDays: SHARE_MAX_DAYS,
    endedShareDays: ENDED_SHARE_KEEP_DAYS,
    cleanUpMinutes: CLEAN_UP_EVERY_MINUTES,
  };
}

export default function About() {
  const facts = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="panel" aria-labelledby="about-title">
        <h1 id="about-title">{t("about.heading")}</h1>
        <p>{t("about.who")}</p>
        <p>{t("about.noTracking")}</p>
      </section>
      <BulletSection id="about-cannot-title" title={t("about.cannotTitle")} points={[t("about.cannotIdentity"), t("about.cannotPassword"), t("about.cannotWhere")]} />
      <BulletSection id="about-can-title" title={t("about.canTitle")} points={[t("about.canNickname"), t("about.canShares"), t("about.canAttempts")]} />
      <BulletSection
        id="about-kept-title"
        title={t("about.keptTitle")}
        points={[
          t("about.keptSessions", { days: facts.ownPhoneDays, hours: facts.sharedPhoneHours, minutes: facts.sharedPhoneLockMinutes }),
          t("about.keptShares", { defaultDays: facts.shareDefaultDays, maxDays: facts.shareMaxDays, minutes: facts.cleanUpMinutes }),
          t("about.keptEndedShares", { days: facts.endedShareDays }),
          t("about.keptLogs"),
        ]}
      />
      <section className="panel" aria-labelledby="about-delete-title">
        <h2 id="about-delete-title">{t("about.deleteTitle")}</h2>
        <p>{t("about.deleteHow")}</p>
        <p>
          {facts.signedIn ? <PageLink to="/account">{t("about.toAccount")}</PageLink> : <PageLink to="/sign-up">{t("about.toSignUp")}</PageLink>}
        </p>
      </section>
    </>
  );
}
