import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
} from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "~/i18n/use-translation";
import { getSessionStatus } from "~/auth/current-account.server";
import { csrfTokenFor } from "~/forms/csrf.server";
import { CsrfContext } from "~/components/ui/csrf-field";
import { SiteHeader } from "~/components/shell/site-header";
import { usePageLinkNavigation } from "~/components/shell/page-link-navigation";
import { useNonce } from "~/components/ui/inline-scripts";
import { useRootData } from "~/components/shell/use-root-data";
import { wipeTabKeys } from "~/features/keys/wipe-tab-keys.client";
import { encryptionAssetUrls } from "~/features/keys/encryption-assets.server";
import { clientManifest } from "~/client-manifest.server";
import { publicEnv } from "~/env.server";
import { defaultLanguage } from "~/i18n/config";
import { detectLanguage } from "~/i18n/language.server";
import { pageTitle } from "~/i18n/meta";
import stylesUrl from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

/** The title when no page sets one: error pages. */
export const meta: MetaFunction = ({ matches, error }) =>
  pageTitle(matches, isRouteErrorResponse(error) && error.status === 404 ? "errors.page.notFoundTitle" : "errors.page.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const csrf = csrfTokenFor(request);
  const session = await getSessionStatus(request, context);
  const lang = detectLanguage(request);
  const manifest = clientManifest();
  return data(
    {
      lang,
      csrfToken: csrf.token,
      account:
        session.kind === "member"
          ? { handle: session.account.handle, roles: session.account.roles, unreadNotifications: session.account.unreadNotifications }
          : null,
      /** Locked for lack of use: the header shows no member links until it is unlocked. */
      locked: session.kind === "locked",
      /** After how long without a request the server locks this session (null: never). */
      lockAfterSeconds: session.kind === "member" ? session.session.lockAfterSeconds : null,
      /** The encryption's chunks, which pages that encrypt fetch with their HTML (decision 018). */
      encryptionAssets: encryptionAssetUrls(manifest),
      ...publicEnv(),
    },
    { headers: csrf.setCookie ? { "Set-Cookie": csrf.setCookie } : undefined },
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const nonce = useNonce();
  const { t } = useTranslation();
  usePageLinkNavigation();
  return (
    <html lang={root?.lang ?? defaultLanguage}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <Meta />
        <Links />
      </head>
      <body>
        <CsrfContext.Provider value={root?.csrfToken ?? ""}>
          <a className="skip-link" href="#main">
            {t("layout.skipToContent")}
          </a>
          <SiteHeader />
          <main id="main">{children}</main>
        </CsrfContext.Provider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Seconds past the server's lock before an open page reloads, so that the server has locked by then. */
const LOCK_RELOAD_GRACE_SECONDS = 2;

export default function App() {
  const root = useRootData();
  const signedIn = Boolean(root?.account);
  const lockAfterSeconds = root?.lockAfterSeconds ?? null;
  const { key: visit } = useLocation();
  useEffect(() => {
    // A tab that holds keys but no longer has a session (signed out elsewhere, expired, locked) forgets them.
    if (!signedIn) wipeTabKeys();
  }, [signedIn]);
  useEffect(() => {
    // The server locks after this long without a request; a page left open reloads then, so it
    // shows the lock page instead of what it showed. Every visit starts the count again.
    if (!signedIn || lockAfterSeconds === null) return;
    const timer = window.setTimeout(() => window.location.reload(), (lockAfterSeconds + LOCK_RELOAD_GRACE_SECONDS) * 1000);
    return () => window.clearTimeout(timer);
  }, [signedIn, lockAfterSeconds, visit]);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // A signed-in member goes back to their home page, anyone else to the landing page.
  const home = useRootData()?.account ? "/home" : "/";
  return (
    <section className="panel" aria-labelledby="error-title">
      <h1 id="error-title">{t(notFound ? "errors.page.notFoundTitle" : "errors.page.title")}</h1>
      <p>{t(notFound ? "errors.page.notFoundBody" : "errors.page.body")}</p>
      <p>
        <a href={home}>{t("errors.page.home")}</a>
      </p>
    </section>
  );
}
