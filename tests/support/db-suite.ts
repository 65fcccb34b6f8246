/**
 * One suite per engine, each with its own database (and personas when asked), opened once
 * before the suite's tests and closed after them:
 *
 *   describeOnEveryEngine("data layer", { personas: true }, ({ db, p }) => {
 *     it("…", async () => { await asMember(db, p.memberA.id, …); });
 *   });
 *
 * The suites are named "<name> on pglite", "<name> on postgresql", so a failure says which
 * engine it happened on. The engines are the ones db-global-setup.ts decided on (and named
 * in the "db engines: …" line it prints).
 *
 * `db`, `p` and `engineOptions` are handed to the body while vitest collects the tests,
 * before the database exists: they are stand-ins that forward to the real values once the
 * suite's beforeAll has made them. Use them inside hooks and tests only; touching them while
 * the suite is being collected (or after it closed) throws and says so. A body's own
 * beforeAll runs after the database and personas exist; its afterAll before the database
 * closes.
 */
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe } from "vitest";
import { connectDatabase, type EngineOptions } from "~/data/db.server";
import type { Database } from "~/data/schema";
import { dbEngines, openMigrated, type DbEngine } from "./db-engines";
import { createPersonas, type Personas } from "./db-personas";

export interface EngineSuiteOptions {
  /**
   * "migrated" (default): the shim and every migration applied, no seed (engine.open()).
   * "empty": a fresh database with nothing in it, for tests of the migration runner.
   */
  database?: "migrated" | "empty";
  /** Make the personas of db-personas.ts in the suite's database. Default false. */
  personas?: boolean;
  /** Also on a database set up as a Supabase project is (db-engines.ts), when the cluster runs: the RLS suites. Default false. */
  supabase?: boolean;
}

export interface EngineSuite {
  engine: DbEngine;
  /** The suite's own database. */
  db: Kysely<Database>;
  /** The personas (only with `{ personas: true }`). */
  p: Personas;
  /** How the suite's database was opened, to open a second connection to it (a new one on PGlite). */
  engineOptions: EngineOptions;
}

export function describeOnEveryEngine(name: string, body: (suite: EngineSuite) => void): void;
export function describeOnEveryEngine(name: string, options: EngineSuiteOptions, body: (suite: EngineSuite) => void): void;
export function describeOnEveryEngine(
  name: string,
  optionsOrBody: EngineSuiteOptions | ((suite: EngineSuite) => void),
  maybeBody?: (suite: EngineSuite) => void,
): void {
  const options = typeof optionsOrBody === "function" ? {} : optionsOrBody;
  const body = typeof optionsOrBody === "function" ? optionsOrBody : maybeBody;
  if (!body) throw new TypeError("describeOnEveryEngine: no suite body");

  for (const engine of dbEngines({ supabase: options.supabase ?? false })) {
    describe(`${name} on ${engine.name}`, () => {
      const where = `"${name} on ${engine.name}"`;
      const db = lateBound<Kysely<Database>>(`db of ${where}`);
      const p = lateBound<Personas>(
        options.personas ? `p of ${where}` : `p of ${where} (the suite did not ask for personas: pass { personas: true })`,
      );
      const engineOptions = lateBound<EngineOptions>(`engineOptions of ${where}`);
      let opened: Kysely<Database> | undefined;

      beforeAll(async () => {
        const fresh = await engine.freshEngineOptions();
        engineOptions.set(fresh);
        opened = options.database === "empty" ? await connectDatabase(fresh) : await openMigrated(fresh, { flavor: engine.flavor });
        db.set(opened);
        if (options.personas) p.set(await createPersonas(opened));
      });
      afterAll(async () => {
        db.set(undefined);
        p.set(undefined);
        engineOptions.set(undefined);
        await opened?.destroy();
      });

      body({ engine, db: db.handle, p: p.handle, engineOptions: engineOptions.handle });
    });
  }
}

/**
 * A stand-in for an object made later (in beforeAll). Every read goes to the current value;
 * methods are bound to it, so classes with private fields (Kysely) keep working, and
 * `instanceof` sees the value's prototype. Reading it while there is no value throws.
 */
function lateBound<T extends object>(what: string): { handle: T; set(value: T | undefined): void } {
  let current: T | undefined;
  const value = (): T => {
    if (current === undefined) {
      throw new Error(`${what} is only there inside the suite's hooks and tests (it is made in beforeAll and closed in afterAll)`);
    }
    return current;
  };
  const handle = new Proxy({} as T, {
    get(_target, key) {
      const target = value();
      const property: unknown = Reflect.get(target, key, target);
      return typeof property === "function" ? property.bind(target) : property;
    },
    set(_target, key, newValue) {
      return Reflect.set(value(), key, newValue);
    },
    has: (_target, key) => Reflect.has(value(), key),
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor(_target, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value(), key);
      // The stand-in has no properties of its own, so it may only report configurable ones.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(value()),
  });
  return {
    handle,
    set(next) {
      current = next;
    },
  };
}
