/**
 * Queries read on nearly every request, built and compiled to SQL once per process instead
 * of on every call (decision 038). Building a query with Kysely and compiling it cost about
 * as much of a signed-in page's server time as React's render of the page did.
 *
 * A query's values are slots: `value("name")` in the builder stands for a value given when
 * the query runs. Kysely passes a slot through as a parameter like any value; after compiling,
 * each parameter that is a slot is replaced by the value of that name. The compiled text is
 * the same string on every run, so the named-statement lookup (statement-names.server.ts)
 * hashes it once.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type CompiledQuery,
  type QueryResult,
  type RawBuilder,
} from "kysely";
import type { Database } from "./schema";

/** Builds queries only to compile them: it has no connection, and nothing runs through it. */
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Where a value given at run time goes. */
class Slot {
  constructor(readonly name: string) {}
}

/** Anything a query can run on: the database or a transaction of either path. */
type QueryRunner = { executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> };

type Values = Record<string, unknown>;
/** In a builder: the value of this name, given when the query runs. */
export type ValueSlot<V extends Values> = <K extends keyof V & string>(name: K) => V[K];
type Build<Row, V extends Values> = (db: Kysely<Database>, value: ValueSlot<V>) => { compile(executorProvider: Kysely<Database>): CompiledQuery<Row> };
/** A condition a compiled query is built with, such as which rows it is for. */
export type QueryCondition<V extends Values> = (db: Kysely<Database>, value: ValueSlot<V>) => RawBuilder<boolean>;

/** The compiled query, and for each of its parameters the slot it is (null: a value of its own). */
type Compiled<Row> = { query: CompiledQuery<Row>; slots: readonly (string | null)[]; hasSlots: boolean };

function compileOnce<Row, V extends Values>(build: Build<Row, V>): Compiled<Row> {
  const named = new Set<string>();
  const query = build(compiler, (name) => {
    named.add(name);
    return new Slot(name) as never;
  }).compile(compiler);
  const slots = query.parameters.map((parameter) => (parameter instanceof Slot ? parameter.name : null));
  for (const name of named) {
    if (!slots.includes(name)) throw new Error(`compiledQuery: the value "${name}" is not a parameter of the query`);
  }
  return { query, slots, hasSlots: slots.some((slot) => slot !== null) };
}

/**
 * A query compiled on its first run; later runs only fill in `values`. The builder must give
 * the same query every time: whatever varies goes through `value`.
 */
export function compiledQuery<Row, V extends Values = Record<never, never>>(build: Build<Row, V>) {
  let compiled: Compiled<Row> | undefined;
  return async (runner: QueryRunner, values: V): Promise<Row[]> => {
    compiled ??= compileOnce(build);
    const { query, slots, hasSlots } = compiled;
    if (!hasSlots) return (await runner.executeQuery(query)).rows;
    const parameters = slots.map((slot, index) => {
      if (slot === null) return query.parameters[index];
      if (!(slot in values)) throw new Error(`compiledQuery: no value for "${slot}"`);
      return values[slot];
    });
    return (await runner.executeQuery<Row>({ ...query, parameters })).rows;
  };
}

/** See planStatements. */
type PlanMode = "force_generic_plan" | "force_custom_plan" | "auto";

const setPlanMode = compiledQuery<unknown, { mode: PlanMode }>((_db, value) => sql`select set_config('plan_cache_mode', ${value("mode")}, true)`);

/**
 * How PostgreSQL plans the transaction's named statements from here on (decision 043):
 * "force_generic_plan" reuses the one plan made for any values, "force_custom_plan" plans for
 * the values at hand every time, "auto" leaves the choice to PostgreSQL again, as by default.
 * Asked for beside the statements it is for (Promise.all), it goes out with them, ahead of them.
 */
export async function planStatements(runner: QueryRunner, mode: PlanMode): Promise<void> {
  await setPlanMode(runner, { mode });
}
