// Server cost per page, as a ratio to a bare Remix page measured in the same run.
//
// Builds the portal and bench/bare-remix (same Remix, React, Express and compression), starts
// both in production mode, signs a demo member in, and drives each page with autocannon at a
// fixed concurrency, round after round, on each database engine (embedded PGlite, and a
// throwaway PostgreSQL cluster when Debian's server binaries are installed). Prints per page:
// requests/s, p50, p95, p99 (ms), errors, the ratio to the bare page of the same round, and
// the server process's CPU time per request with its ratio to bare's, on PostgreSQL the
// database server's own CPU time per request (all its processes: it shares the two cores), and
// the bytes of each response (medians over rounds). Later issues add their pages with --pages and their data with --scale
// (members, access log, groups and meetings) or --testing-scale (100,000 testing slots; measure
// the open-slots page with --pages "/testing,/testing?area=<uuid>", an area the run prints) or
// --help-scale (200,000 help requests, 2,000,000 timeline events: measure --pages
// "/staff/help,/staff/dashboard" --connections 20). Pages under /staff/ are fetched as the demo
// social worker, other signed-in pages as the demo member.
//
// Run:  npx tsx bench/server-cost.ts [--engines pglite,postgresql] [--connections 50]
//         [--seconds 8] [--rounds 3] [--warmup 3] [--pages /home,/identity] [--scale] [--testing-scale] [--no-build]
//         [--accept-encoding "gzip, deflate, br"]  (sent with every request, the bare page's
//                            too, as a browser sends it: the pages are then compressed as a
//                            browser receives them; without it, like wrk, nothing is compressed)
//         [--profile DIR]   (writes a --cpu-prof profile of the portal per engine into DIR)
//         [--statements N]  (PostgreSQL: prints the N statements that took the most server time
//                            during the measured rounds, from pg_stat_statements, with their
//                            planning time and how many times each was planned)
//         [--plans]         (PostgreSQL: before measuring, prints the plan of every statement one
//                            request of each page ran that reads the seeded tables, and flags
//                            sequential scans of them)
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { findPostgresBinDir, startPostgresCluster, type PostgresCluster } from "../tests/support/postgres-cluster";
import { measure, type Measurement } from "./support/load";
import { build, signedInCookies, median, startScriptNodeFlags, startServer, stop, waitFor, waitForJob } from "./support/portal";
import { DEMO } from "../tests/support/demo-accounts";
import { AUTO_EXPLAIN_LIBRARY, planCapture, printPlans } from "./support/plans";
import type { HelpScaleSummary } from "./support/seed-help";
import type { ScaleSummary } from "./support/seed-scale";
import type { TestingScaleSummary } from "./support/seed-testing";
import { clusterDatabase, printTopStatements, resetStatementStatistics } from "./support/statements";

const { values: options } = parseArgs({
  options: {
    engines: { type: "string", default: "pglite,postgresql" },
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "8" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "3" },
    pages: { type: "string" },
    scale: { type: "boolean", default: false },
    "testing-scale": { type: "boolean", default: false },
    "help-scale": { type: "boolean", default: false },
    plans: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    profile: { type: "string" },
    "accept-encoding": { type: "string" },
    statements: { type: "string" },
  },
});

type Page = { path: string; signedIn: boolean };

const DEFAULT_PAGES: Page[] = [
  { path: "/healthz", signedIn: false },
  { path: "/", signedIn: false },
  { path: "/sign-in", signedIn: false },
  { path: "/home", signedIn: true },
  { path: "/account", signedIn: true },
  { path: "/identity", signedIn: true },
];
/** The pages only a social worker opens: measured signed in as worker_li, who receives the scale seed's shares. */
const WORKER_PAGES = /^\/(staff\/|shared(\?|$))/;
const SIGNED_OUT_PAGES = new Set(["/", "/sign-in", "/sign-up", "/recover", "/healthz"]);
const pages: Page[] = options.pages
  ? options.pages.split(",").map((p) => ({ path: p.trim(), signedIn: !SIGNED_OUT_PAGES.has(p.trim()) }))
  : DEFAULT_PAGES;
const connections = Number(options.connections);
const seconds = Number(options.seconds);
const rounds = Number(options.rounds);
const warmupSeconds = Number(options.warmup);
const encodingHeader: Record<string, string> = options["accept-encoding"] ? { "accept-encoding": options["accept-encoding"] } : {};
const engines = (options.engines ?? "").split(",").filter((e): e is "pglite" | "postgresql" => e === "pglite" || e === "postgresql");

const work = mkdtempSync(path.join(tmpdir(), "tongxing-bench-"));
const nodeFlags = startScriptNodeFlags();

function row(label: string, runs: Measurement[], bareRuns: Measurement[]) {
  const ratios = runs.map((run, i) => run.requestsPerSecond / (bareRuns[i]?.requestsPerSecond ?? Number.NaN));
  const cpuRatios = runs.map((run, i) => (bareRuns[i]?.serverCpuMsPerRequest ?? Number.NaN) / run.serverCpuMsPerRequest);
  return {
    page: label,
    "req/s": Math.round(median(runs.map((r) => r.requestsPerSecond))),
    "p50 ms": median(runs.map((r) => r.p50)),
    "p95 ms": median(runs.map((r) => r.p95)),
    "p99 ms": median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    "× bare": `${(median(ratios) * 100).toFixed(0)}%`,
    // The server's own CPU per request, and bare's divided by it: steadier than req/s when the
    // load generator competes for the same cores.
    "cpu ms/req": median(runs.map((r) => r.serverCpuMsPerRequest)).toFixed(2),
    "cpu × bare": `${(median(cpuRatios) * 100).toFixed(0)}%`,
    // PostgreSQL's processes (the portal's backends) share the two cores with the portal.
    "db cpu ms/req": median(runs.map((r) => r.databaseCpuMsPerRequest)).toFixed(2),
    "kB/resp": (median(runs.map((r) => r.bytesPerResponse)) / 1000).toFixed(1),
  };
}

/** The throwaway PostgreSQL server, stopped on the way out whether the run succeeds or not. */
let cluster: PostgresCluster | undefined;

async function main() {
  if (!options["no-build"]) {
    build();
    build(["bench/bare-remix", "--config", "bench/bare-remix/vite.config.ts"]);
  }
  const bare = await startServer(work, "bare", "bench/bare-remix/server.ts", 3190, {}, nodeFlags);
  await waitFor("http://127.0.0.1:3190/", bare);

  const bin = findPostgresBinDir();
  const topStatements = Number(options.statements ?? 0);
  const libraries = [...(topStatements > 0 ? ["pg_stat_statements"] : []), ...(options.plans ? [AUTO_EXPLAIN_LIBRARY] : [])];
  const clusterSettings = [
    ...(libraries.length > 0 ? [`shared_preload_libraries=${libraries.join(",")}`] : []),
    ...(topStatements > 0 ? ["pg_stat_statements.track=all", "pg_stat_statements.track_planning=on"] : []),
  ];
  cluster = engines.includes("postgresql") && bin ? await startPostgresCluster(bin, clusterSettings) : undefined;
  console.log(`bench: ${connections} connections, ${seconds} s per page, ${rounds} rounds; cores: 2 shared by servers and load generator`);

  for (const engine of engines) {
    if (engine === "postgresql" && !cluster) {
      console.log("postgresql skipped: no server binaries (apt-get install postgresql)");
      continue;
    }
    const databaseUrl = cluster ? await clusterDatabase(cluster, `bench_${Date.now()}`) : "";
    const pgliteDir = path.join(work, `pglite-${Date.now()}`);
    // The bench signs in as a demo member: a PostgreSQL server gets demo data only when asked.
    const dbEnv: Record<string, string> =
      engine === "postgresql" ? { DATABASE_URL: databaseUrl, PGLITE_DIR: "", DEMO_DATA: "on" } : { PGLITE_DIR: pgliteDir, DATABASE_URL: "" };
    let scale: ScaleSummary | undefined;
    let testingScale: TestingScaleSummary | undefined;
    let helpScale: HelpScaleSummary | undefined;
    if (options.scale || options["testing-scale"] || options["help-scale"]) {
      // The portal's first start migrates and seeds; then, stopped, the database gets its volume.
      const first = await startServer(work, `portal-${engine}-migrate`, "app/server/main.ts", 3191, dbEnv);
      await waitFor("http://127.0.0.1:3191/healthz", first);
      await stop(first);
      const { runSeedStatements, seedAtScale } = await import("./support/seed-scale");
      const target = engine === "postgresql" ? ({ kind: "postgres", url: databaseUrl } as const) : ({ kind: "pglite", dataDir: pgliteDir } as const);
      if (options.scale) {
        scale = await seedAtScale(target);
        // The seeded meetings get their next times from the portal's job; then the tables are
        // analyzed again, as autovacuum (or on PGlite the app's rounds, decision 046) leaves a
        // database that has been running: analyzed before the times, the planner saw no meeting
        // with one and planned the finder for a handful.
        const times = await startServer(work, `portal-${engine}-times`, "app/server/main.ts", 3191, dbEnv);
        await waitForJob(work, `portal-${engine}-times`, "refresh-meeting-times", times);
        await stop(times);
        await runSeedStatements(target, []); // no statements: only its vacuum analyze
      }
      if (options["testing-scale"]) {
        const { OTHER_AREA, testingScaleStatements, testingScaleSummary } = await import("./support/seed-testing");
        await runSeedStatements(target, testingScaleStatements());
        testingScale = testingScaleSummary();
        console.log(`${engine}: seeded ${testingScale.slots} testing slots at ${testingScale.sites} sites (${testingScale.memberAreaSlots} in the demo member's district, past and coming), ${testingScale.areas} more districts; another district for /testing?area=: ${OTHER_AREA}`);
      }
      if (options["help-scale"]) {
        const { helpScaleStatements, helpScaleSummary } = await import("./support/seed-help");
        const seeding = Date.now();
        await runSeedStatements(target, helpScaleStatements());
        helpScale = helpScaleSummary();
        console.log(`${engine}: seeded ${helpScale.requests} help requests with ${helpScale.events} events from ${helpScale.members} members in ${helpScale.areas + 1} districts (${helpScale.workerAreaRequests} in the demo worker's) in ${((Date.now() - seeding) / 1000).toFixed(0)} s`);
      }
    }

    const profileDir = options.profile ? path.resolve(options.profile, engine) : undefined;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    const portal = await startServer(work, `portal-${engine}`, "app/server/main.ts", 3191, { ...dbEnv, RATE_LIMIT_CLIENT_MULTIPLIER: "1000" }, [...nodeFlags, ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])]);
    const spawnedAt = Date.now();
    await waitFor("http://127.0.0.1:3191/healthz", portal);
    // Signed in: the cookies a browser holds after signing in (the social worker's on staff
    // pages and the shares they received, the member's elsewhere). Signed out: a first visit, with none.
    const cookieOf = async (account: { handle: string; passphrase: string }) =>
      (await signedInCookies("http://127.0.0.1:3191", account)).map(({ name, value }) => `${name}=${value}`).join("; ");
    const [memberCookie, workerCookie] = await Promise.all([cookieOf(DEMO.member), cookieOf(DEMO.workerLi)]);
    const headersOf = (page: Page): Record<string, string> => ({
      ...encodingHeader,
      ...(page.signedIn ? { cookie: WORKER_PAGES.test(page.path) ? workerCookie : memberCookie } : {}),
    });
    for (const page of pages) {
      const check = await fetch(`http://127.0.0.1:3191${page.path}`, { headers: headersOf(page), redirect: "manual" });
      if (check.status !== 200) throw new Error(`${page.path} answered ${check.status} before the run`);
    }
    if (engine === "postgresql" && options.plans && cluster) {
      const tables = ["help_requests", "help_request_events", "testing_slots", "groups", "meetings", "identity_access_log", "identity_shares", "audit_log"];
      for (const page of pages) {
        const plans = await planCapture(databaseUrl, cluster.logFile, tables, async () => {
          await (await fetch(`http://127.0.0.1:3191${page.path}`, { headers: headersOf(page), redirect: "manual" })).arrayBuffer();
        });
        printPlans(page.path, plans, tables);
      }
    }

    // Unmeasured load first, so V8 has compiled the hot paths of every page (and of the bare
    // page) before any figure is taken: otherwise the first page measured pays for it.
    if (warmupSeconds > 0) {
      await measure({ url: "http://127.0.0.1:3190/", connections, seconds: warmupSeconds, headers: encodingHeader });
      for (const page of pages) {
        await measure({ url: `http://127.0.0.1:3191${page.path}`, connections, seconds: warmupSeconds, headers: headersOf(page) });
      }
    }
    if (profileDir) console.log(`load starts ${Date.now() - spawnedAt} ms after the portal started (profile-top's from-ms)`);
    if (engine === "postgresql" && topStatements > 0) await resetStatementStatistics(databaseUrl);
    const bareRuns: Measurement[] = [];
    const pageRuns = new Map<string, Measurement[]>(pages.map((p) => [p.path, []]));
    for (let round = 0; round < rounds; round++) {
      bareRuns.push(await measure({ url: "http://127.0.0.1:3190/", connections, seconds, headers: encodingHeader, serverPid: bare.pid }));
      for (const page of pages) {
        const run = await measure({ url: `http://127.0.0.1:3191${page.path}`, connections, seconds, headers: headersOf(page), serverPid: portal.pid, databasePid: engine === "postgresql" ? cluster?.pid() : undefined });
        pageRuns.get(page.path)?.push(run);
      }
    }
    console.log(`\nengine: ${engine === "postgresql" ? `postgresql ${cluster?.version ?? ""}` : "pglite (embedded)"}${scale ? `; seeded ${scale.members} members, ${scale.accessLogRows} access-log rows, ${scale.shares} shares, ${scale.groups} groups, ${scale.meetings} meetings` : ""}${testingScale ? `; seeded ${testingScale.slots} testing slots at ${testingScale.sites} sites` : ""}${helpScale ? `; seeded ${helpScale.requests} help requests, ${helpScale.events} events` : ""}`);
    console.table([row("bare Remix /", bareRuns, bareRuns), ...pages.map((p) => row(`${p.path}${p.signedIn ? " (signed in)" : ""}`, pageRuns.get(p.path) ?? [], bareRuns))]);
    if (engine === "postgresql" && topStatements > 0) await printTopStatements(databaseUrl, topStatements, "during the measured rounds");
    await stop(portal);
    if (profileDir) console.log(`cpu profile: ${profileDir}`);
  }
  await stop(bare);
  await cluster?.stop();
  rmSync(work, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    console.error(error);
    console.error(`server logs kept in ${work}`);
    await cluster?.stop().catch(() => undefined);
    process.exit(1);
  },
);
