/**
 * The benches' own connection as the cluster's superuser (seeding, checks, statistics), and
 * pg_stat_statements: where the server's time went during a measured run.
 */
import pg from "pg";

export async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database on the cluster, owned by its superuser (who the benches' portals connect as). */
export async function clusterDatabase(cluster: { url(database: string): string }, name: string): Promise<string> {
  await withClient(cluster.url("postgres"), (client) => client.query(`create database ${name}`));
  return cluster.url(name);
}

/** Starts the statistics afresh (the cluster must preload pg_stat_statements). As the superuser, who sees every role's statements. */
export async function resetStatementStatistics(databaseUrl: string) {
  await withClient(databaseUrl, async (client) => {
    await client.query("create extension if not exists pg_stat_statements");
    await client.query("select pg_stat_statements_reset()");
  });
}

export async function printTopStatements(databaseUrl: string, count: number, during: string) {
  const { rows } = await withClient(databaseUrl, (client) =>
    client.query<{ calls: string; plans: string; plan_ms: number; total_ms: number; mean_ms: number; rows: string; query: string }>(
      `select calls, plans, round(total_plan_time::numeric, 1)::float8 as plan_ms, round(total_exec_time::numeric, 1)::float8 as total_ms, round(mean_exec_time::numeric, 3)::float8 as mean_ms, rows, query
         from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
        order by total_exec_time + total_plan_time desc limit $1`,
      [count],
    ),
  );
  console.log(`\nstatements with the most server time ${during} (pg_stat_statements):`);
  console.table(rows.map((r) => ({ "total ms": r.total_ms, "planning ms": r.plan_ms, calls: Number(r.calls), plans: Number(r.plans), "mean ms": r.mean_ms, rows: Number(r.rows), query: r.query.replace(/\s+/g, " ").slice(0, 160) })));
}
