/**
 * PGlite as a one-connection, pg-style pool for Kysely's PostgresDialect, so both engines
 * run through the same dialect and driver.
 *
 * Why not `PGlite.query()` (what kysely-pglite-dialect used): it enters the WebAssembly
 * backend six times per query (parse, describe, bind, describe, execute, sync) and plans
 * every query afresh. Here each query is ONE protocol batch (one call into the backend),
 * run as a named prepared statement once it repeats (statement-names.server.ts). Measured on
 * the home page's session transaction: ~1,200 µs → ~300 µs (decision 009).
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

class PGliteClient {
  readonly #pglite: PGlite;
  readonly #names = new StatementNames();
  /** Named statements this connection has parsed. */
  readonly #parsed = new Set<string>();

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  /** The query before this one: PGlite takes one protocol batch at a time (it keeps one batch's results while it runs). */
  #previous: Promise<unknown> = Promise.resolve();

  query<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    const answer = this.#previous.then(() => this.#run<R>(text, parameters));
    this.#previous = answer.catch(() => undefined);
    return answer;
  }

  async #run<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
    const name = this.#names.nameFor(text);
    const parsed = name !== undefined && this.#parsed.has(name);
    const batch = parsed ? [] : [frontend.parse({ text, name })];
    batch.push(
      frontend.bind({ statement: name, values: parameters.map((value) => pgUtils.prepareValue(value)) }),
      frontend.describe({ type: "P" }),
      frontend.execute({}),
      frontend.sync(),
    );
    const messages = await this.#pglite.execProtocolStream(concat(batch), { throwOnError: false });

    if (name !== undefined && !parsed && messages.some((m) => m.name === "parseComplete")) this.#parsed.add(name);
    const error = messages.find((m) => m.name === "error");
    if (error) {
      this.#names.failed(text, error);
      throw error;
    }
    const [result] = pgliteResults.parseResults(messages, this.#pglite.parsers);
    return { ...commandOf(messages), rows: (result?.rows ?? []) as R[] };
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
