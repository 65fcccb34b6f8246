import { PageLink } from "~/components/ui/page-link";
import { useEffect, useState } from "react";
import { useTranslation } from "~/i18n/use-translation";

/** Where the page listens for the badge's count (a server-sent events stream). */
const STREAM = "/api/notifications/stream";
/** How long after the page has loaded it starts listening. */
const LISTEN_AFTER_LOAD_MS = 1000;

/**
 * The link to the member's notifications, with a neutral badge: how many are new, never
 * what they are about. The server renders the count with every page; with JavaScript the
 * page listens and updates it within seconds, until the server says the session ended.
 */
export function NotificationBadge({ unread }: { unread: number }) {
  const { t } = useTranslation();
  const [live, setLive] = useState<number | null>(null);
  // A new page load (or a revalidation after an action) brings a fresh count from the server.
  useEffect(() => setLive(null), [unread]);
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let events: EventSource | undefined;
    const listen = () => {
      events = new EventSource(STREAM);
      events.addEventListener("count", (event) => {
        const count = Number((event as MessageEvent<string>).data);
        if (Number.isInteger(count) && count >= 0) setLive(count);
      });
      // Signed out or locked: stop, or the browser would ask again and again.
      events.addEventListener("end", () => events?.close());
    };
    // The page's own loading first: on a slow phone the stream waits until it has finished.
    let timer: number | undefined;
    const soon = () => (timer = window.setTimeout(listen, LISTEN_AFTER_LOAD_MS));
    if (document.readyState === "complete") soon();
    else window.addEventListener("load", soon, { once: true });
    return () => {
      window.removeEventListener("load", soon);
      window.clearTimeout(timer);
      events?.close();
    };
  }, []);
  const count = live ?? unread;
  return (
    <PageLink to="/notifications" className={count > 0 ? "notification-link notification-link--new" : "notification-link"} aria-live="polite">
      {count > 0 ? <span className="notification-badge">{t("notifications.badge", { count })}</span> : t("nav.notifications")}
    </PageLink>
  );
}
