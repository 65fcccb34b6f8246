/**
 * The HTTP server: security headers and a CSP nonce on every response, structured
 * access logs, static files, and the Remix request handler. In development it
 * mounts Vite's dev server; with NODE_ENV=production it serves build/.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { getEnv } from "../env.server";
import { describeError, logEvent } from "./log.server";
import { hasNullOrigin, isCrossSiteWrite } from "./cross-site";
import { securityHeaders } from "./security-headers";

const MAX_BODY_BYTES = 64 * 1024;

const env = getEnv();
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
    logEvent("info", "request", {
      method: req.method,
      path: req.originalUrl.split("?")[0],
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    });
  });
  next();
});

app.use((req, res, next) => {
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > MAX_BODY_BYTES) {
    res.status(413).type("text/plain").send("413");
    return;
  }
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

let build: ServerBuild | (() => Promise<ServerBuild>);
if (devServer) {
  const vite = await import("vite");
  const viteServer = await vite.createServer({ server: { middlewareMode: true } });
  app.use(viteServer.middlewares);
  build = () => viteServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y", index: false }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h", index: false }));
  build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
}

// Pages and replies can hold a member's private data: no cache keeps them, and the
// back-forward cache skips them, so quick exit cannot be undone with "Back". (Static
// files, served above, are content-hashed and cached for good.)
app.use((_req, res, next) => {
  res.set("Cache-Control", "no-store");
  next();
});

app.all(
  "*",
  createRequestHandler({
    build,
    mode: devServer ? "development" : "production",
    getLoadContext: (req, res) => ({
      cspNonce: String(res.locals.cspNonce),
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
    }),
  }),
);

const server = app.listen(env.PORT, env.HOST, async () => {
  // Open, migrate and (locally) seed the database before announcing readiness.
  const health = await fetch(`http://${env.HOST}:${env.PORT}/healthz`).catch(() => undefined);
  logEvent(health?.ok ? "info" : "error", "ready", { port: env.PORT, status: health?.status ?? 0 });
  if (!health?.ok) process.exitCode = 1;
  else await prune();
});

/** System jobs the server build exports from app/entry.server.tsx. */
type SystemJobs = { closeDatabase?: () => Promise<void>; pruneExpiredAuthState?: () => Promise<{ sessions: number; rateLimitWindows: number }> };

async function systemJobs(): Promise<SystemJobs> {
  const loaded = typeof build === "function" ? await build() : build;
  return loaded.entry.module as SystemJobs;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;
async function prune() {
  try {
    const pruned = await (await systemJobs()).pruneExpiredAuthState?.();
    if (pruned) logEvent("info", "pruned", { count: pruned.sessions + pruned.rateLimitWindows });
  } catch (error) {
    logEvent("error", "prune failed", describeError(error));
  }
}
setInterval(() => void prune(), PRUNE_EVERY_MS).unref();

async function shutDown() {
  server.close();
  await (await systemJobs()).closeDatabase?.();
  process.exit(0);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void shutDown());
}
