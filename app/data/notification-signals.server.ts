/**
 * Live notification signals, fanned out in this process (issue 19 and 20). Each app instance
 * listens on the Postgres channel `tongxing_notifications` with one connection
 * (listenForSignals); the private functions of migration 0050 send the recipient's id on it,
 * and nothing else, whenever that person's notifications change. Here each id wakes that
 * person's open pages (the SSE stream), which then read their count as themselves, under RLS:
 * a signal carries no content and grants nothing.
 */
import type { Kysely } from "kysely";
import { isUuid } from "~/domain/formats/uuid";
import { describeError, logEvent } from "~/server/log.server";
import { listenForSignals } from "./db.server";
import type { Database } from "./schema";

export const NOTIFICATION_CHANNEL = "tongxing_notifications";

/** How long to wait before listening again after the connection was lost. */
const RELISTEN_MS = 1000;

type Wake = () => void;

class SignalHub {
  readonly #byRecipient = new Map<string, Set<Wake>>();
  #listening: Promise<unknown> | undefined;
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Calls `wake` whenever `recipientId`'s notifications change, until the returned function is called. */
  async watch(recipientId: string, wake: Wake): Promise<() => void> {
    let wakes = this.#byRecipient.get(recipientId);
    if (!wakes) this.#byRecipient.set(recipientId, (wakes = new Set()));
    wakes.add(wake);
    await this.#listen();
    return () => {
      wakes.delete(wake);
      if (wakes.size === 0 && this.#byRecipient.get(recipientId) === wakes) this.#byRecipient.delete(recipientId);
    };
  }

  #listen(): Promise<unknown> {
    this.#listening ??= listenForSignals(this.#db, NOTIFICATION_CHANNEL, (payload) => this.#deliver(payload)).then(
      (listening) => {
        void listening.closed.then(() => this.#again());
      },
      (error: unknown) => {
        logEvent("warn", "notification listening failed", describeError(error));
        this.#again();
      },
    );
    return this.#listening;
  }

  #again(): void {
    this.#listening = undefined;
    if (this.#byRecipient.size > 0) setTimeout(() => void this.#listen(), RELISTEN_MS).unref();
  }

  #deliver(payload: string): void {
    if (!isUuid(payload)) return;
    for (const wake of this.#byRecipient.get(payload) ?? []) wake();
  }
}

const HUBS = Symbol.for("tongxing.notification-hubs");
type HubHolder = { [HUBS]?: WeakMap<Kysely<Database>, SignalHub> };

/**
 * Calls `wake` whenever `recipientId`'s notifications change (a new one, one read, answered or
 * taken back), from any app instance on the same database. The first watcher of a process
 * starts its one listening connection.
 */
export function watchNotifications(db: Kysely<Database>, recipientId: string, wake: () => void): Promise<() => void> {
  // On globalThis, so that a dev server's module reload does not open a second listener.
  const holder = globalThis as HubHolder;
  const hubs = (holder[HUBS] ??= new WeakMap());
  let hub = hubs.get(db);
  if (!hub) hubs.set(db, (hub = new SignalHub(db)));
  return hub.watch(recipientId, wake);
}
