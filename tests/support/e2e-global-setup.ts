import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverLogPath: string;
    dataDir: string;
    neutralUrl: string;
  }
}

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

/** Builds the app once, then runs the production server on a free port with a fresh embedded database. */
export default async function setup(project: TestProject) {
  const built = spawnSync("npx", ["remix", "vite:build"], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  if (built.status !== 0) throw new Error("build failed");

  const work = mkdtempSync(path.join(tmpdir(), "tongxing-e2e-"));
  const dataDir = path.join(work, "pglite");
  const serverLogPath = path.join(work, "server.log");
  const port = await freePort();
  const log = createWriteStream(serverLogPath);
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["app/server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PGLITE_DIR: dataDir,
      DATABASE_URL: "",
      QUICK_EXIT_URL: "http://neutral.invalid/",
      RATE_LIMIT_CLIENT_MULTIPLIER: "100",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForReady(`${baseUrl}/healthz`, child, 120_000);

  project.provide("baseUrl", baseUrl);
  project.provide("serverLogPath", serverLogPath);
  project.provide("dataDir", dataDir);
  project.provide("neutralUrl", "http://neutral.invalid/");

  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    log.end();
    rmSync(work, { recursive: true, force: true });
  };
}
