/**
 * PGlite as a one-connection, pg-style pool for Kysely's PostgresDialect, so both engines
 * run through the same dialect and driver.
 *
 * Why not `PGlite.query()` (what kysely-pglite-dialect used): it enters the WebAssembly
 * backend six times per query (parse, describe, bind, describe, execute, sync) and plans
 * every query afresh. Here each query is ONE protocol batch (one call into the backend), and
 * queries asked for together share one, each run as a named prepared statement once it
 * repeats (statement-names.server.ts). Measured on the home page's session transaction:
 * ~1,200 µs → ~300 µs (decision 009).
 *
 * Parameters are sent as text, prepared exactly as node-postgres prepares them for the
 * PostgreSQL engine (`prepareValue`), so both engines see the same values.
 */
import { parse as pgliteResults, protocol, type PGlite } from "@electric-sql/pglite";
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import pgUtils from "pg/lib/utils.js";
import { StatementNames } from "./statement-names.server";

type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];
const frontend = protocol.serialize;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function commandOf(messages: BackendMessage[]): { command: PostgresQueryResult<unknown>["command"]; rowCount: number } {
  const complete = messages.findLast((m) => m.name === "commandComplete") as { text?: string } | undefined;
  const words = (complete?.text ?? "").split(" ");
  const count = Number(words.at(-1));
  // Kysely reads only INSERT, UPDATE, DELETE and MERGE (affected rows); other tags pass through.
  return { command: (words[0] ?? "") as PostgresQueryResult<unknown>["command"], rowCount: Number.isFinite(count) ? count : 0 };
}

/** A query asked for and not answered yet. */
type Asked = { text: string; parameters: readonly unknown[]; answer: (result: PostgresQueryResult<unknown>) => void; refuse: (error: unknown) => void };

class PGliteClient {
  readonly #pglite: PGlite;
  readonly #names = new StatementNames();
  /** Named statements this connection has parsed. */
  readonly #parsed = new Set<string>();
  /** Queries asked for since the last batch went in. */
  #asked: Asked[] = [];
  /** A batch is due or running: later queries wait for the next one. */
  #sending = false;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  /**
   * Queries asked for together (a transaction's Promise.all, decision 024) go into PGlite
   * together: after the promise callbacks now queued have run, everything asked for meanwhile
   * is ONE protocol batch, each query ending in its own Sync, so each gets its own answer and
   * fails alone exactly as if run one after another (inside a transaction, a failure leaves
   * the ones after it refused as aborted). One call into the backend instead of one per
   * query: each call costs about 35 µs before any work. PGlite takes one batch at a time;
   * what is asked for while one runs goes in the next.
   */
  query<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    return new Promise<PostgresQueryResult<R>>((answer, refuse) => {
      this.#asked.push({ text, parameters, answer: answer as Asked["answer"], refuse });
      if (this.#sending) return;
      this.#sending = true;
      process.nextTick(() => void this.#send());
    });
  }

  async #send(): Promise<void> {
    while (this.#asked.length > 0) await this.#run(this.#asked.splice(0));
    this.#sending = false;
  }

  async #run(batch: Asked[]): Promise<void> {
    const names = batch.map(({ text }) => this.#names.nameFor(text));
    const parsing = new Set<string>();
    const messages: Uint8Array[] = [];
    batch.forEach(({ text, parameters }, index) => {
      const name = names[index];
      if (name === undefined || !(this.#parsed.has(name) || parsing.has(name))) {
        messages.push(frontend.parse({ text, name }));
        if (name !== undefined) parsing.add(name);
      }
      messages.push(
        frontend.bind({ statement: name, values: parameters.map((value) => pgUtils.prepareValue(value)) }),
        frontend.describe({ type: "P" }),
        frontend.execute({}),
        frontend.sync(),
      );
    });
    let answers: BackendMessage[];
    try {
      answers = await this.#pglite.execProtocolStream(concat(messages), { throwOnError: false });
    } catch (error) {
      for (const asked of batch) asked.refuse(error);
      return;
    }
    // Each query's answer ends with the ReadyForQuery of its Sync.
    let from = 0;
    let settled = 0;
    answers.forEach((message, at) => {
      const asked = batch[settled];
      if (message.name !== "readyForQuery" || asked === undefined) return;
      this.#settle(asked, names[settled], answers.slice(from, at + 1));
      settled += 1;
      from = at + 1;
    });
    for (const asked of batch.slice(settled)) this.#settle(asked, undefined, []);
  }

  #settle({ text, answer, refuse }: Asked, name: string | undefined, messages: BackendMessage[]): void {
    if (name !== undefined && messages.some((m) => m.name === "parseComplete")) this.#parsed.add(name);
    const error = messages.find((m) => m.name === "error") ?? (messages.length === 0 ? new Error("PGlite gave no answer to this query") : undefined);
    if (error) {
      this.#names.failed(text, error);
      refuse(error);
      return;
    }
    const [result] = pgliteResults.parseResults(messages, this.#pglite.parsers);
    answer({ ...commandOf(messages), rows: result?.rows ?? [] });
  }
}

/**
 * The pool Kysely's PostgresDialect drives: one client (PGlite has one connection), handed
 * to one caller at a time; the others wait in order. A transaction holds it from BEGIN to
 * COMMIT, so nothing else runs inside another member's transaction.
 */
export function pglitePool(pglite: PGlite): PostgresPool {
  const client = new PGliteClient(pglite);
  const waiting: Array<() => void> = [];
  let busy = false;
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else busy = false;
  };
  const handle = {
    query: (text: string, parameters: readonly unknown[]) => client.query(text, parameters),
    release,
  } as unknown as PostgresPoolClient;
  return {
    async connect() {
      if (busy) await new Promise<void>((resolve) => waiting.push(resolve));
      busy = true;
      return handle;
    },
    async end() {
      await pglite.close();
    },
  };
}
