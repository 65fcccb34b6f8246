// Serves the bare app's production build exactly as the portal's server serves its own:
// Express, compression, static assets, the Remix request handler. PORT from the environment.
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

const buildDir = path.join(new URL(".", import.meta.url).pathname, "build");
const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
const port = Number(process.env.PORT ?? 3100);
app.listen(port, "127.0.0.1", () => console.log(JSON.stringify({ msg: "ready", port })));
