/**
 * Building and starting the portal (and bench/bare-remix) in production mode for the benches:
 * one place for the flags, the readiness wait and the clean-up.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEMO } from "../../tests/support/demo-accounts";
import { signedInClient } from "../../tests/support/http-client";

const children: ChildProcess[] = [];
process.on("exit", () => children.forEach((child) => child.kill("SIGTERM")));

/**
 * The V8 flags `npm start` gives Node (package.json), so the portal runs here as it does in
 * production. The bare page gets the same ones: a ratio compares applications, not runtimes.
 */
export function startScriptNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
  const flags = /\bnode((?: --[a-z-]+=\S+)*) --import tsx app\/server\/main\.ts/.exec(scripts.start ?? "")?.[1];
  if (flags === undefined) throw new Error("package.json's start script no longer runs `node [--flag=value …] --import tsx app/server/main.ts`");
  return flags.trim().split(" ").filter(Boolean);
}

export function build(args: string[] = []) {
  const result = spawnSync("npx", ["remix", "vite:build", ...args], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error(`build failed: ${args.join(" ")}`);
}

export async function waitFor(url: string, child: ChildProcess, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become ready`);
}

/**
 * Waits until the server has run a system job once (its log line "job ran"), e.g. the
 * meeting-times refresh that a freshly seeded database needs before its pages are measured.
 */
export async function waitForJob(logDir: string, name: string, job: string, child: ChildProcess, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  const logFile = path.join(logDir, `${name}.log`);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name}: server exited with ${child.exitCode}`);
    const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
    if (log.includes(`"event":"job ran","detail":"${job}"`)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name}: job ${job} did not run`);
}

/** Starts a server script in production mode; its output goes to `<logDir>/<name>.log`. */
export function startServer(logDir: string, name: string, script: string, port: number, env: Record<string, string>, nodeArgs: string[] = []) {
  const log = createWriteStream(path.join(logDir, `${name}.log`));
  // node --import tsx (as npm start does): signals reach the server itself, which closes its
  // database and, with --cpu-prof, writes its profile on the way out.
  const child = spawn(process.execPath, ["--import", "tsx", ...nodeArgs, script], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  children.push(child);
  return child;
}

export async function stop(child: ChildProcess) {
  // Already gone: exited, or killed by a signal (a bench may kill one on purpose).
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The cookies a browser holds once a demo account (the member unless named) has signed in: session and CSRF token, from a sign-in over HTTP. */
export async function signedInCookies(baseUrl: string, account: { handle: string; passphrase: string } = DEMO.member): Promise<Array<{ name: string; value: string }>> {
  const member = await signedInClient(baseUrl, account);
  return ["tx_session", "tx_csrf"].map((name) => ({ name, value: member.cookie(name) ?? "" }));
}
