/**
 * The HTTP server: security headers and a CSP nonce on every response, structured
 * access logs, static files, and the Remix request handler. In development it
 * mounts Vite's dev server; with NODE_ENV=production it serves build/.
 *
 * Start-up: load the server build, open the database through it (openDatabase), then
 * listen, log `ready` and start the scheduled jobs (startSystemJobs). If the database
 * cannot be opened, it logs why and exits 1 without ever listening.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import expressStaticGzip from "express-static-gzip";
import express from "express";
import { EnvError, getEnv, type Env } from "../env.server";
import { describeError, logEvent, logRequest } from "./log.server";
import { hasNullOrigin, isCrossSiteWrite } from "./cross-site";
import { remixHandler } from "./remix-handler";
import { securityHeaders } from "./security-headers";

const MAX_BODY_BYTES = 64 * 1024;

function readEnv(): Env {
  try {
    return getEnv();
  } catch (error) {
    logEvent("error", "start failed", { ...describeError(error), detail: error instanceof EnvError ? error.message : undefined });
    process.exit(1);
  }
}

const env = readEnv();
const devServer = env.NODE_ENV !== "production";
const production = env.APP_MODE === "production";
const buildDir = path.resolve("build");

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", env.TRUST_PROXY_HOPS);

app.use((req, res, next) => {
  const started = performance.now();
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.set(securityHeaders({ nonce, production, devServer }));
  res.on("finish", () => {
    // The path only: query strings can carry what a member typed.
    logRequest({
      method: req.method,
      path: req.originalUrl.split("?")[0],
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    });
  });
  next();
});

// Bodies are bounded before anything reads them. A body must say its length: Node's parser
// then reads exactly that many bytes (and refuses a request that also says it is chunked),
// so checking Content-Length bounds what any route can receive. A chunked body could
// otherwise be as large as the sender likes; browsers send lengths for forms and fetch()
// alike. Refusals close the connection, so the rest of the body is never read.
app.use((req, res, next) => {
  const refuse = (status: 411 | 413) => {
    res.status(status).set("Connection", "close").type("text/plain; charset=utf-8").send(`${status}: 请重新提交。Please try again.`);
  };
  if (req.headers["transfer-encoding"] !== undefined) return refuse(411);
  if (Number(req.headers["content-length"] ?? 0) > MAX_BODY_BYTES) return refuse(413);
  next();
});

app.use((req, res, next) => {
  if (isCrossSiteWrite(req.method, req.headers)) {
    res.status(403).type("text/plain; charset=utf-8").send("403: 请在本站内提交。Please submit from this site.");
    return;
  }
  if (hasNullOrigin(req.headers)) delete req.headers.origin;
  next();
});

app.use(compression());

// Start-up and shutdown state. A signal can come at any moment, even while the database
// is still being created: shutdown waits for the open to finish and then closes it, so a
// PGlite directory is never left half made. A second signal exits at once.
let stopping = false;
let entry: ServerEntry | undefined;
let server: Server | undefined;
let jobs: { stop(): Promise<void> } | undefined;
let shuttingDown: Promise<void> | undefined;

/** How long a stopping server lets the requests it took finish before it cuts them off. */
const DRAIN_MS = 10_000;

/**
 * Stops taking connections and waits for the requests already taken to be answered (a load
 * balancer sends new ones to the other instances), so a rolling restart loses nothing. Idle
 * keep-alive connections close at once; any still busy after DRAIN_MS are cut.
 */
function finishRequestsInFlight(listening: Server | undefined): Promise<void> {
  if (!listening) return Promise.resolve();
  return new Promise((resolve) => {
    const cutOff = setTimeout(() => listening.closeAllConnections(), DRAIN_MS);
    listening.close(() => {
      clearTimeout(cutOff);
      resolve();
    });
  });
}

function shutDown(exitCode: number): Promise<void> {
  stopping = true;
  shuttingDown ??= (async () => {
    let code = exitCode;
    try {
      await finishRequestsInFlight(server);
      await jobs?.stop();
      await entry?.closeDatabase();
    } catch (error) {
      logEvent("error", "shutdown failed", describeError(error));
      code = 1;
    }
    process.exit(code);
  })();
  return shuttingDown;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    void shutDown(0);
  });
}

let build: ServerBuild | (() => Promise<ServerBuild>);
if (devServer) {
  const vite = await import("vite");
  // Vite's dev servers (the Remix plugin's child compiler is not in middleware mode) add a
  // SIGTERM handler, and a stdin "end" one, that exit at once. Shutdown is ours: it must
  // close the database first. So drop what createServer added.
  const ours = { sigterm: process.listeners("SIGTERM"), stdinEnd: process.stdin.listeners("end") };
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  for (const listener of process.listeners("SIGTERM")) {
    if (!ours.sigterm.includes(listener)) process.off("SIGTERM", listener);
  }
  for (const listener of process.stdin.listeners("end")) {
    if (!ours.stdinEnd.includes(listener)) process.stdin.off("end", listener as () => void);
  }
  app.use(viteServer.middlewares);
  build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  // Compressed at build time (vite.config.ts): the Brotli or gzip file is sent as it is, and
  // compression() above leaves a reply that already has a Content-Encoding alone.
  app.use(
    "/assets",
    expressStaticGzip(path.join(buildDir, "client/assets"), {
      enableBrotli: true,
      orderPreference: ["br", "gzip"],
      index: false,
      serveStatic: { immutable: true, maxAge: "1y", index: false },
    }),
  );
  // Files at the top of build/client (favicon.svg, …) all have an extension; pages never do.
  // Only those paths reach the file system, so a page request costs no stat().
  const topLevelFiles = express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false });
  app.use((req, res, next) => (/^\/[^/]+\.[a-z0-9]+$/i.test(req.path) ? topLevelFiles(req, res, next) : next()));
  build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
}

// Pages and replies can hold a member's private data: no cache keeps them, and the
// back-forward cache skips them, so quick exit cannot be undone with "Back". (Static
// files, served above, are content-hashed and cached for good.)
app.use((_req, res, next) => {
  res.set("Cache-Control", "no-store");
  next();
});

// Supabase mode: a session whose access token has expired, or soon will, gets new tokens
// before the page reads it (the Set-Cookie goes out with whatever the page answers).
app.use((req, res, next) => {
  if (!entry || req.headers.cookie === undefined) return next();
  entry.refreshSessionCookie(req.headers.cookie).then((refreshed) => {
    if (refreshed) {
      req.headers.cookie = refreshed.cookieHeader;
      res.append("Set-Cookie", refreshed.setCookie);
    }
    next();
  }, next);
});

app.all(
  "*",
  remixHandler({
    build,
    mode: devServer ? "development" : "production",
    loadContext: (req, res) => ({
      cspNonce: String(res.locals.cspNonce),
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
      requestMemo: new Map(),
    }),
  }),
);

/** What the server build exports from app/entry.server.tsx for this file. */
interface ServerEntry {
  openDatabase(): Promise<{ engine: string }>;
  closeDatabase(): Promise<void>;
  startSystemJobs(): { stop(): Promise<void> };
  refreshSessionCookie(cookieHeader: string): Promise<{ cookieHeader: string; setCookie: string } | null>;
}

/** A start-up failure whose message is ours (no user input, no secrets), so it is logged. */
class StartError extends Error {
  override name = "StartError";
}

async function serverEntry(): Promise<ServerEntry> {
  const loaded = typeof build === "function" ? await build() : build;
  const exported = loaded.entry.module as Partial<ServerEntry>;
  const missing = (["openDatabase", "closeDatabase", "startSystemJobs", "refreshSessionCookie"] as const).filter((name) => typeof exported[name] !== "function");
  if (missing.length > 0) throw new StartError(`the server build does not export ${missing.join(", ")}; rebuild it`);
  return exported as ServerEntry;
}

function startFailed(error: unknown): void {
  logEvent("error", "start failed", { ...describeError(error), detail: error instanceof StartError ? error.message : undefined });
  void shutDown(1);
}

// Open, migrate and (locally) seed the database first; listen and announce readiness only
// then, so no request is served by a half-started process.
async function start(): Promise<void> {
  let engine: string;
  let ms: number;
  try {
    entry = await serverEntry();
    if (stopping) return;
    const opening = performance.now();
    ({ engine } = await entry.openDatabase());
    ms = Math.round(performance.now() - opening);
  } catch (error) {
    if (!stopping) startFailed(error);
    return;
  }
  if (stopping) return;
  const listening = app.listen(env.PORT, env.HOST);
  server = listening;
  listening.once("error", startFailed);
  listening.once("listening", () => {
    if (stopping || !entry) return;
    logEvent("info", "ready", { port: env.PORT, engine, ms });
    try {
      jobs = entry.startSystemJobs();
    } catch (error) {
      startFailed(error);
    }
  });
}

void start();
