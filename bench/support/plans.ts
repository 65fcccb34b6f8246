/**
 * The plans PostgreSQL chose for what a page really ran: auto_explain logs every statement of
 * one request, nested ones included (the SQL inside functions and policies), with the rows each
 * step produced. Printed are the statements that read the tables asked about, with every scan
 * they did; a sequential scan of one of those tables is flagged, since at scale it means a page
 * that slows down as the table grows.
 */
import { readFileSync, statSync } from "node:fs";
import { withClient } from "./statements";

/**
 * The library for the cluster to preload; silent (log_min_duration -1) until planCapture turns
 * it on. Its settings must not be given on the command line: those outrank ALTER SYSTEM.
 */
export const AUTO_EXPLAIN_LIBRARY = "auto_explain";

async function setAutoExplain(databaseUrl: string, on: boolean) {
  await withClient(databaseUrl, async (client) => {
    for (const [name, value] of [
      ["auto_explain.log_min_duration", on ? "0" : "-1"],
      ["auto_explain.log_nested_statements", on ? "on" : "off"],
      ["auto_explain.log_analyze", on ? "on" : "off"],
      ["auto_explain.log_timing", "off"],
    ] as const) {
      await client.query(`alter system set ${name} = '${value}'`);
    }
    await client.query("select pg_reload_conf()");
  });
  // The reload reaches the portal's pooled backends at their next command.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

export type StatementPlan = { query: string; durationMs: number; scans: string[] };

/** Splits the log written since `from` into auto_explain's entries. */
function plansIn(log: string): StatementPlan[] {
  // An entry starts at a line that does not start with white space.
  return log
    .split(/\n(?=\S)/)
    .filter((entry) => entry.includes("plan:"))
    .map((entry) => {
      const durationMs = Number(/duration: ([\d.]+) ms/.exec(entry)?.[1] ?? Number.NaN);
      // The query's text runs from "Query Text:" to the plan's first step, the first line with a cost.
      const lines = entry.split("\n");
      const textAt = lines.findIndex((line) => line.includes("Query Text:"));
      const planAt = lines.findIndex((line, i) => i > textAt && line.includes("(cost="));
      const query = lines.slice(textAt, planAt < 0 ? undefined : planAt).join(" ").replace(/^.*Query Text:/, "").replace(/\s+/g, " ").trim();
      const scans = [...entry.matchAll(/(?:->\s*)?((?:Parallel )?(?:Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan|Function Scan|CTE Scan|Subquery Scan)[^(\n]*)\(.*?rows=(\d+) loops=(\d+)\)/g)].map(
        (match) => `${(match[1] ?? "").trim()} → ${match[2]} rows × ${match[3]}`,
      );
      return { query, durationMs, scans };
    });
}

/** Runs `request` with auto_explain on and returns the plans of the statements that read any of `tables`. */
export async function planCapture(databaseUrl: string, logFile: string, tables: readonly string[], request: () => Promise<void>): Promise<StatementPlan[]> {
  await setAutoExplain(databaseUrl, true);
  const from = statSync(logFile).size;
  try {
    await request();
  } finally {
    await setAutoExplain(databaseUrl, false);
  }
  const log = readFileSync(logFile, "utf8").slice(from);
  const reads = (plan: StatementPlan) => tables.some((table) => plan.scans.some((scan) => new RegExp(`\\bon (?:public\\.)?${table}\\b`).test(scan)));
  return plansIn(log).filter(reads);
}

/** Whether a plan reads one of `tables` from end to end. */
export function sequentialScansOf(plan: StatementPlan, tables: readonly string[]): string[] {
  return plan.scans.filter((scan) => /Seq Scan/.test(scan) && tables.some((table) => new RegExp(`\\bon (?:public\\.)?${table}\\b`).test(scan)));
}

export function printPlans(page: string, plans: readonly StatementPlan[], tables: readonly string[]) {
  console.log(`\nplans of ${page} (auto_explain, one request; statements reading ${tables.join(", ")}):`);
  for (const plan of plans) {
    const sequential = sequentialScansOf(plan, tables);
    console.log(`- ${plan.durationMs.toFixed(2)} ms${sequential.length > 0 ? "  ** SEQUENTIAL SCAN of a large table **" : ""}: ${plan.query.slice(0, 180)}`);
    for (const scan of plan.scans) console.log(`    ${scan}`);
  }
  const flagged = plans.filter((plan) => sequentialScansOf(plan, tables).length > 0).length;
  console.log(`${page}: ${plans.length} statements read those tables, ${flagged} by a sequential scan of one of them`);
}
