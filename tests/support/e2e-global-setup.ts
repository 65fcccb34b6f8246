import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { SHIM_STATEMENTS } from "../../app/data/migrate.server";
import { startFakeSupabaseAuthServer } from "../mocks/supabase-auth-server";
import { SUPABASE_TEST_ANON_KEY as SUPABASE_ANON_KEY, SUPABASE_TEST_JWT_SECRET as SUPABASE_JWT_SECRET, SUPABASE_TEST_SERVICE_KEY as SUPABASE_SERVICE_ROLE_KEY } from "../mocks/supabase-auth";
import { createOwnedDatabase, createSupabaseStyleDatabase, findPostgresBinDir, prepareCluster, startPostgresCluster, type PostgresCluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverLogPath: string;
    /** Where the server's database keeps its files (PGlite directory or cluster data directory). */
    dataDir: string;
    /** The server's PostgreSQL URL, or null when it runs on the embedded PGlite in dataDir. */
    databaseUrl: string | null;
    neutralUrl: string;
    /** How many seconds a minute of the inactivity lock lasts on the server (INACTIVITY_MINUTE_SECONDS). */
    inactivityMinuteSeconds: number;
    /** In Supabase mode, the fake Supabase Auth the server speaks to (tests/mocks/supabase-auth-server.ts); null otherwise. */
    fakeAuthUrl: string | null;
  }
}

/** A 5-minute lock takes 15 s here, so the lock journeys wait seconds, not minutes. */
const INACTIVITY_MINUTE_SECONDS = 3;

/** "supabase": a PostgreSQL database set up as a Supabase project's, the server in Supabase mode against a fake Supabase Auth. */
export type E2eEngine = "pglite" | "postgresql" | "supabase";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("server did not become ready");
}

/** A throwaway cluster with an empty database for the server (a Supabase-style one if asked); undefined when the binaries are missing (outside CI). */
async function startServerDatabase(supabase: boolean): Promise<{ cluster: PostgresCluster; url: string; dataDir: string } | undefined> {
  const bin = findPostgresBinDir();
  if (!bin) {
    if (process.env.CI === "true") throw new Error("CI needs the PostgreSQL server binaries (Debian package postgresql)");
    return undefined;
  }
  const cluster = await startPostgresCluster(bin);
  await prepareCluster(cluster.url("postgres"), SHIM_STATEMENTS);
  const url = supabase ? await createSupabaseStyleDatabase(cluster, "tongxing_e2e", SHIM_STATEMENTS) : await createOwnedDatabase(cluster, "tongxing_e2e");
  const socketDir = new URL(url.replace(/^postgresql:\/\/[^@]+@/, "http://x")).searchParams.get("host") ?? "";
  return { cluster, url, dataDir: path.join(socketDir, "data") };
}

/**
 * Builds the app (unless npm test already did), then runs the production server on a free port with a fresh
 * database: embedded PGlite, or a throwaway PostgreSQL cluster (DATABASE_URL).
 */
export async function startE2eServer(project: TestProject, engine: E2eEngine) {
  // npm test builds once for both engines' journeys (E2E_BUILT=1); run alone, each builds.
  if (process.env.E2E_BUILT !== "1") {
    const built = spawnSync("npx", ["remix", "vite:build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
    if (built.status !== 0) throw new Error("build failed");
  }

  const work = mkdtempSync(path.join(tmpdir(), "tongxing-e2e-"));
  const serverLogPath = path.join(work, "server.log");
  const keptServerLog = path.join(tmpdir(), `tongxing-e2e-${engine}-server.log`);
  const postgres = engine === "pglite" ? undefined : await startServerDatabase(engine === "supabase");
  if (engine !== "pglite" && !postgres) {
    console.log(`e2e engine: ${engine} skipped (no server binaries; CI always has them)`);
  }
  const fakeAuth = engine === "supabase" && postgres ? await startFakeSupabaseAuthServer(postgres.cluster.url("tongxing_e2e", "supabase_auth_admin")) : undefined;
  const supabaseMode = fakeAuth
    ? {
        DATABASE_FLAVOR: "supabase",
        SUPABASE_URL: fakeAuth.url,
        SUPABASE_ANON_KEY,
        SUPABASE_SERVICE_ROLE_KEY,
        SUPABASE_JWT_SECRET,
      }
    : {};
  const dataDir = postgres?.dataDir ?? path.join(work, "pglite");
  const port = await freePort();
  const log = createWriteStream(serverLogPath);
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["app/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PGLITE_DIR: postgres ? "" : dataDir,
      DATABASE_URL: postgres?.url ?? "",
      // The journeys sign in as the demo accounts; a PostgreSQL server gets them only when asked.
      DEMO_DATA: "on",
      QUICK_EXIT_URL: "http://neutral.invalid/",
      RATE_LIMIT_CLIENT_MULTIPLIER: "100",
      INACTIVITY_MINUTE_SECONDS: String(INACTIVITY_MINUTE_SECONDS),
      ...supabaseMode,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForReady(`${baseUrl}/healthz`, child, 120_000);
  console.log(`e2e engine: ${postgres ? `${fakeAuth ? "supabase-style " : ""}postgresql ${postgres.cluster.version}` : "pglite (embedded)"}`);

  project.provide("baseUrl", baseUrl);
  project.provide("serverLogPath", serverLogPath);
  project.provide("dataDir", dataDir);
  project.provide("databaseUrl", postgres?.url ?? null);
  project.provide("neutralUrl", "http://neutral.invalid/");
  project.provide("inactivityMinuteSeconds", INACTIVITY_MINUTE_SECONDS);
  project.provide("fakeAuthUrl", fakeAuth?.url ?? null);

  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await new Promise<void>((r) => log.end(r));
    // Kept past the run (test accounts only; the server never logs personal data), so that a
    // journey that failed can be read against what the server did.
    copyFileSync(serverLogPath, keptServerLog);
    console.log(`e2e server log (${engine}): ${keptServerLog}`);
    await fakeAuth?.close();
    await postgres?.cluster.stop();
    rmSync(work, { recursive: true, force: true });
  };
}

export default (project: TestProject) => startE2eServer(project, "pglite");
