/**
 * The Remix request handler for Express, as @remix-run/express's but for how it sends what
 * Remix answered. A page or data reply is already whole in memory (entry.server.tsx
 * renders the document before answering), so it is compressed in one call and leaves with its
 * headers in one write. Streamed through compression(), the same page took three writes (the
 * headers with the compressor's first bytes, the body, the chunked ending) and a flush of the
 * compressor per chunk. Only a live stream (the notification stream) is still sent as it comes.
 */
import { gzipSync } from "node:zlib";
// The Request Remix's own Express adapter builds (host, protocol, body, abort on close); its
// package index exports only the whole handler.
import { createRemixRequest } from "@remix-run/express/dist/server";
import { createRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compressible from "compressible";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

/** Below this, compressing saves less than it costs (compression()'s own threshold). */
const MIN_COMPRESSED_BYTES = 1024;
/**
 * gzip at level 4, in the request's own turn. Measured on a 16 KB page (decision 045): 100 µs
 * of CPU and 5.7 KB, against 140 µs at level 6 (5.6 KB), 310 µs for Brotli at quality 4
 * (5.7 KB, what compression() sent browsers), and twice as much for any of them run on the
 * thread pool, whose hand-offs cost more than the compressing.
 */
const GZIP_LEVEL = 4;

function isLiveStream(response: Response): boolean {
  return /^text\/event-stream/i.test(response.headers.get("Content-Type") ?? "");
}

function shouldGzip(req: ExpressRequest, response: Response, length: number): boolean {
  if (req.method === "HEAD" || length < MIN_COMPRESSED_BYTES || response.headers.has("Content-Encoding")) return false;
  return req.acceptsEncodings("gzip") === "gzip";
}

async function sendResponse(req: ExpressRequest, res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (!response.body) {
    res.end();
    return;
  }
  if (isLiveStream(response)) {
    // Each event leaves as it comes (compression() flushes after each write).
    res.flushHeaders();
    return writeReadableStreamToWritable(response.body, res);
  }
  let body: Buffer = Buffer.from(await response.arrayBuffer());
  if (compressible(response.headers.get("Content-Type") ?? "")) {
    res.vary("Accept-Encoding");
    if (shouldGzip(req, response, body.length)) {
      body = gzipSync(body, { level: GZIP_LEVEL });
      res.set("Content-Encoding", "gzip");
    }
  }
  res.set("Content-Length", String(body.length));
  res.end(body);
}

export function remixHandler(options: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "development" | "production";
  loadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handle = createRequestHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handle(createRemixRequest(req, res), options.loadContext(req, res));
      await sendResponse(req, res, response);
    } catch (error) {
      next(error);
    }
  };
}
