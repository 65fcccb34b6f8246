// Requests/s through nginx with one, two and four app instances on one PostgreSQL server
// (issue 20), with a bare Remix page measured in the same run for the ratio.
//
// Builds the portal and bench/bare-remix, starts a throwaway PostgreSQL cluster, lets a first
// portal migrate and seed, then (with --scale) seeds the volume of a province-wide service:
// 10,000 members, 5,000 groups with 20,000 meetings, 100,000 testing slots, 200,000 help
// requests with 2,000,000 events, 500 mentorships with 1,000,000 messages. The pages: a
// member's home, the groups finder, a mentee's conversation (2,000 messages with --scale;
// bench/support/mentor-pairs.ts) and the staff queue. For each instance count: starts that many instances behind
// nginx (round-robin), warms every page up, and drives each page (and the bare page, directly)
// with autocannon at --connections for --seconds, --rounds times. Prints per page and count:
// requests/s, p50/p95/p99, errors, the ratio to the bare page, and the CPU the instances, the
// database and nginx spent per request (where the two cores went).
//
// Run:  npx tsx bench/scale-out.ts [--instances 1,2,4] [--connections 50] [--seconds 8]
//         [--rounds 2] [--warmup 3] [--scale] [--pages "/home,/staff/help"] [--no-build]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DEMO } from "../tests/support/demo-accounts";
import { findPostgresBinDir, startPostgresCluster } from "../tests/support/postgres-cluster";
import { measure, processCpuMs, processTreeCpuMs, type Measurement } from "./support/load";
import { hasNginx, startNginx } from "./support/nginx";
import { mentorPairStatements, pairMentorshipId, pairSessionCookie } from "./support/mentor-pairs";
import { runSeedStatements } from "./support/seed-scale";
import { build, median, signedInCookies, startScriptNodeFlags, startServer, stop, waitFor, waitForJob } from "./support/portal";
import { clusterDatabase } from "./support/statements";

const { values: options } = parseArgs({
  options: {
    instances: { type: "string", default: "1,2,4" },
    connections: { type: "string", default: "50" },
    seconds: { type: "string", default: "8" },
    rounds: { type: "string", default: "2" },
    warmup: { type: "string", default: "3" },
    pages: { type: "string", default: `/home,/groups?area=a0000000-0000-4000-8000-000000440000&weekday=2&time=evening,/mentors/${pairMentorshipId(1)},/staff/help` },
    scale: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
  },
});
const counts = (options.instances ?? "").split(",").map(Number).filter((n) => Number.isInteger(n) && n >= 1);
const connections = Number(options.connections);
const seconds = Number(options.seconds);
const rounds = Number(options.rounds);
const warmupSeconds = Number(options.warmup);
const pages = (options.pages ?? "").split(",").map((p) => p.trim()).filter(Boolean);

const BARE_PORT = 3390;
const NGINX_PORT = 3400;
const FIRST_PORT = 3401;
const work = mkdtempSync(path.join(tmpdir(), "tongxing-scale-out-"));

type Row = { instances: number; page: string; runs: Measurement[]; bare: Measurement[]; cpu: { app: number; database: number; nginx: number } };

function printRows(rows: Row[]) {
  console.table(
    rows.map((row) => ({
      instances: row.instances,
      page: row.page.length > 40 ? `${row.page.slice(0, 37)}…` : row.page,
      "req/s": Math.round(median(row.runs.map((r) => r.requestsPerSecond))),
      "p50 ms": median(row.runs.map((r) => r.p50)),
      "p95 ms": median(row.runs.map((r) => r.p95)),
      "p99 ms": median(row.runs.map((r) => r.p99)),
      errors: row.runs.reduce((sum, r) => sum + r.errors, 0),
      "bare req/s": Math.round(median(row.bare.map((r) => r.requestsPerSecond))),
      "× bare": `${((median(row.runs.map((r, i) => r.requestsPerSecond / (row.bare[i]?.requestsPerSecond ?? Number.NaN))) || 0) * 100).toFixed(0)}%`,
      "app cpu ms/req": row.cpu.app.toFixed(2),
      "db cpu ms/req": row.cpu.database.toFixed(2),
      "nginx cpu ms/req": row.cpu.nginx.toFixed(2),
    })),
  );
}

async function main() {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)");
  if (!hasNginx()) throw new Error("no nginx (apt-get install nginx-light)");
  if (!options["no-build"]) {
    build();
    build(["bench/bare-remix", "--config", "bench/bare-remix/vite.config.ts"]);
  }
  const nodeFlags = startScriptNodeFlags();
  const bare = startServer(work, "bare", "bench/bare-remix/server.ts", BARE_PORT, {}, nodeFlags);
  await waitFor(`http://127.0.0.1:${BARE_PORT}/`, bare);
  const cluster = await startPostgresCluster(bin);
  const rows: Row[] = [];
  try {
    const databaseUrl = await clusterDatabase(cluster, "bench_scale_out");
    const env = { DATABASE_URL: databaseUrl, PGLITE_DIR: "", DEMO_DATA: "on", TRUST_PROXY_HOPS: "1", RATE_LIMIT_CLIENT_MULTIPLIER: "1000" };
    const first = startServer(work, "migrate", "app/server/main.ts", FIRST_PORT, env);
    await waitFor(`http://127.0.0.1:${FIRST_PORT}/healthz`, first);
    await stop(first);
    if (options.scale) {
      const { seedAtScale } = await import("./support/seed-scale");
      const { testingScaleStatements } = await import("./support/seed-testing");
      const { helpScaleStatements } = await import("./support/seed-help");
      const target = { kind: "postgres", url: databaseUrl } as const;
      const seeding = Date.now();
      await seedAtScale(target);
      await runSeedStatements(target, testingScaleStatements());
      await runSeedStatements(target, helpScaleStatements());
      await runSeedStatements(target, mentorPairStatements(500, 1_000_000));
      console.log(
        `seeded 10,000 members, 5,000 groups, 20,000 meetings, 100,000 testing slots, 200,000 help requests, 1,000,000 messages in ${((Date.now() - seeding) / 1000).toFixed(0)} s`,
      );
    } else {
      await runSeedStatements({ kind: "postgres", url: databaseUrl }, mentorPairStatements(10, 1_000));
    }
    console.log(`bench: postgresql ${cluster.version}, ${connections} connections through nginx, ${seconds} s per page, ${rounds} rounds; cores: 2, shared by the instances, the database, nginx and the load generator`);

    for (const count of counts) {
      const ports = Array.from({ length: count }, (_, i) => FIRST_PORT + i);
      const instances = ports.map((port, i) => startServer(work, `instance-${count}-${i + 1}`, "app/server/main.ts", port, env, nodeFlags));
      await Promise.all(instances.map((child, i) => waitFor(`http://127.0.0.1:${ports[i]}/healthz`, child)));
      // A freshly seeded database has every meeting's next time to work out before the finder is measured.
      if (options.scale && count === counts[0]) await waitForJob(work, `instance-${count}-1`, "refresh-meeting-times", instances[0] ?? first);
      const balancer = startNginx(mkdtempSync(path.join(work, `nginx-${count}-`)), NGINX_PORT, ports);
      const front = `http://127.0.0.1:${NGINX_PORT}`;
      try {
        await waitFor(`${front}/healthz`, balancer.child);
        const cookieOf = async (account: { handle: string; passphrase: string }) =>
          (await signedInCookies(front, account)).map(({ name, value }) => `${name}=${value}`).join("; ");
        const [memberCookie, workerCookie] = await Promise.all([cookieOf(DEMO.member), cookieOf(DEMO.workerLi)]);
        // The conversation is mentee 1's (a bench member with a session made in the database).
        const headersOf = (page: string) => ({ cookie: page.startsWith("/staff/") ? workerCookie : page.startsWith("/mentors/") ? pairSessionCookie(1) : memberCookie });
        for (const page of pages) {
          const check = await fetch(`${front}${page}`, { headers: headersOf(page), redirect: "manual" });
          if (check.status !== 200) throw new Error(`${page} answered ${check.status} before the run`);
        }
        if (warmupSeconds > 0) {
          await measure({ url: `http://127.0.0.1:${BARE_PORT}/`, connections, seconds: warmupSeconds });
          for (const page of pages) await measure({ url: `${front}${page}`, connections, seconds: warmupSeconds, headers: headersOf(page) });
        }
        const bareRuns: Measurement[] = [];
        const pageRuns = new Map<string, { runs: Measurement[]; app: number; database: number; nginx: number; requests: number }>(
          pages.map((page) => [page, { runs: [], app: 0, database: 0, nginx: 0, requests: 0 }]),
        );
        for (let round = 0; round < rounds; round++) {
          bareRuns.push(await measure({ url: `http://127.0.0.1:${BARE_PORT}/`, connections, seconds, serverPid: bare.pid }));
          for (const page of pages) {
            const appBefore = instances.reduce((sum, child) => sum + processCpuMs(child.pid), 0);
            const databaseBefore = processTreeCpuMs(cluster.pid());
            const nginxBefore = processTreeCpuMs(balancer.child.pid);
            const run = await measure({ url: `${front}${page}`, connections, seconds, headers: headersOf(page) });
            const totals = pageRuns.get(page);
            if (!totals) continue;
            totals.runs.push(run);
            totals.app += instances.reduce((sum, child) => sum + processCpuMs(child.pid), 0) - appBefore;
            totals.database += processTreeCpuMs(cluster.pid()) - databaseBefore;
            totals.nginx += processTreeCpuMs(balancer.child.pid) - nginxBefore;
            totals.requests += run.requests;
          }
        }
        for (const [page, totals] of pageRuns) {
          const per = (ms: number) => ms / Math.max(1, totals.requests);
          rows.push({ instances: count, page, runs: totals.runs, bare: bareRuns, cpu: { app: per(totals.app), database: per(totals.database), nginx: per(totals.nginx) } });
        }
        console.log(`\n${count} instance(s): nginx errors ${balancer.errors() || "none"}`);
        printRows(rows.filter((row) => row.instances === count));
      } finally {
        balancer.stop();
        await Promise.all(instances.map((child) => stop(child)));
      }
    }
    console.log("\nall runs:");
    printRows(rows);
  } finally {
    await stop(bare);
    await cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
