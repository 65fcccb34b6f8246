import { Form, Link, useLocation } from "@remix-run/react";
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
        <Link to={root?.account ? "/home" : "/"} className="brand">
          {t("app.name")}
        </Link>
        {/* Both stay at the bottom right of every page, where a thumb reaches them (app.css). */}
        <div className="shell-corner">
          <Link to="/crisis" className="crisis-link" data-testid="crisis-link" title={t("crisis.header.hint")}>
            {t("crisis.header.link")}
          </Link>
          <QuickExit destination={root?.quickExitUrl ?? "/exit"} />
        </div>
      </div>
      <nav className="site-nav" aria-label={t("layout.navigation")}>
        {root?.account ? (
          <>
            <Link to="/home">{t("nav.home")}</Link>
            <NotificationBadge unread={root.account.unreadNotifications} />
            <Link to="/identity">{t("nav.identity")}</Link>
            {root.account.roles.includes("social_worker") ? <Link to="/shared">{t("nav.shared")}</Link> : null}
            <Link to="/account">{t("nav.account")}</Link>
            {root.account.roles.includes("admin") ? <Link to="/admin/roles">{t("nav.roles")}</Link> : null}
            <Form method="post" action="/sign-out" className="inline-form" onSubmit={() => wipeTabKeys()}>
              <CsrfField />
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>
            </Form>
          </>
        ) : root?.locked ? null /* the lock page offers sign-out; nothing else opens while locked */ : (
          <>
            <Link to="/sign-in">{t("nav.signIn")}</Link>
            <Link to="/sign-up">{t("nav.signUp")}</Link>
          </>
        )}
        <Form method="post" action="/language" reloadDocument className="inline-form language-switch">
          <CsrfField />
          <input type="hidden" name="redirectTo" value={here} />
          <span className="visually-hidden">{t("language.label")}</span>
          <button type="submit" name="lng" value="zh-CN" lang="zh-CN" aria-pressed={root?.lang === "zh-CN"} className="link-button">
            中文
          </button>
          <button type="submit" name="lng" value="en" lang="en" aria-pressed={root?.lang === "en"} className="link-button">
            English
          </button>
        </Form>
      </nav>
    </header>
  );
}
