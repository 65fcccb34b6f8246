import { useLocation } from "@remix-run/react";
import { PageLink } from "~/components/ui/page-link";
import { useTranslation } from "~/i18n/use-translation";
import { wipeTabKeys } from "~/features/keys/wipe-tab-keys.client";
import { CsrfField } from "~/components/ui/csrf-field";
import { QuickExit } from "~/components/shell/quick-exit";
import { useRootData } from "~/components/shell/use-root-data";
import { NotificationBadge } from "~/components/shell/notification-badge";

export function SiteHeader() {
  const root = useRootData();
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname;
  return (
    <header className="site-header">
      <div className="site-header__row">
        <PageLink to={root?.account ? "/home" : "/"} className="brand">
          {t("app.name")}
        </PageLink>
        {/* Both stay at the bottom right of every page, where a thumb reaches them (app.css). */}
        <div className="shell-corner">
          <PageLink to="/crisis" className="crisis-link" data-testid="crisis-link" title={t("crisis.header.hint")}>
            {t("crisis.header.link")}
          </PageLink>
          <QuickExit destination={root?.quickExitUrl ?? "/exit"} />
        </div>
      </div>
      <nav className="site-nav" aria-label={t("layout.navigation")}>
        {root?.account ? (
          <>
            <PageLink to="/home">{t("nav.home")}</PageLink>
            <NotificationBadge unread={root.account.unreadNotifications} />
            <PageLink to="/identity">{t("nav.identity")}</PageLink>
            {root.account.roles.includes("social_worker") ? <PageLink to="/shared">{t("nav.shared")}</PageLink> : null}
            <PageLink to="/account">{t("nav.account")}</PageLink>
            {root.account.roles.includes("admin") ? <PageLink to="/admin/roles">{t("nav.roles")}</PageLink> : null}
            {/* Plain forms (decision 039): signing out and changing the language load a whole new page, so nothing of this one stays in memory, and a Remix <Form> would run its hooks on every page's render. */}
            <form method="post" action="/sign-out" className="inline-form" onSubmit={() => wipeTabKeys()}>
              <CsrfField />
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>
            </form>
          </>
        ) : root?.locked ? null /* the lock page offers sign-out; nothing else opens while locked */ : (
          <>
            <PageLink to="/sign-in">{t("nav.signIn")}</PageLink>
            <PageLink to="/sign-up">{t("nav.signUp")}</PageLink>
          </>
        )}
        <form method="post" action="/language" className="inline-form language-switch">
          <CsrfField />
          <input type="hidden" name="redirectTo" value={here} />
          <span className="visually-hidden">{t("language.label")}</span>
          <button type="submit" name="lng" value="zh-CN" lang="zh-CN" aria-pressed={root?.lang === "zh-CN"} className="link-button">
            中文
          </button>
          <button type="submit" name="lng" value="en" lang="en" aria-pressed={root?.lang === "en"} className="link-button">
            English
          </button>
        </form>
      </nav>
    </header>
  );
}
