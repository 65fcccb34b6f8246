import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { requireApiAccount } from "~/auth/current-account.server";
import { getDatabase } from "~/data/db.server";
import { watchNotifications } from "~/data/notification-signals.server";
import { asMember } from "~/data/rls.server";
import { countOwnUnreadNotifications } from "~/data/talk-requests.server";

/** A comment line this often keeps proxies from closing a quiet stream, and checks that the session is still open. */
const HEARTBEAT_MS = 20_000;

/**
 * The page shell's badge, live (server-sent events): `count` with the number of new
 * notifications at once and whenever it changes (a signal from any app instance, through
 * LISTEN/NOTIFY), `signal` at each such signal (an open conversation reloads its messages),
 * and `end` when the session is signed out or locked, after which the page
 * stops listening. Only a number leaves here, read as the member under RLS.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireApiAccount(request, context);
  const db = await getDatabase();
  const encoder = new TextEncoder();
  let stop: () => void = () => undefined;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let sent = account.unreadNotifications;
      let checking: Promise<void> = Promise.resolve();
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unwatch();
        try {
          controller.close();
        } catch {
          // Already cancelled by the browser going away.
        }
      };
      // One check at a time, in order: each looks at the session, then reads the count as the member.
      const check = (heartbeatOnly: boolean) => {
        checking = checking.then(async () => {
          if (closed) return;
          if (!(await getAuthProvider().sessionIsOpen(request))) {
            send("event: end\ndata: signed-out\n\n");
            close();
            return;
          }
          if (heartbeatOnly) return send(": still here\n\n");
          const count = await asMember(db, account.userId, countOwnUnreadNotifications);
          if (count !== sent) send(`event: count\ndata: ${(sent = count)}\n\n`);
          // Something of the member's changed (a message in an open conversation, read or not): pages showing it reload their data.
          send("event: signal\ndata: 1\n\n");
        }).catch(() => close());
      };
      const heartbeat = setInterval(() => check(true), HEARTBEAT_MS);
      let unwatch: () => void = () => undefined;
      stop = close;
      send(`retry: 5000\nevent: count\ndata: ${sent}\n\n`);
      unwatch = await watchNotifications(db, account.userId, () => check(false));
      if (closed) unwatch();
      // A change between the first count and the start of watching.
      check(false);
    },
    cancel() {
      stop();
    },
  });
  request.signal.addEventListener("abort", () => stop());

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: compression() would hold the events back.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
