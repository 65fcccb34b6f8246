import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { getAuthProvider } from "~/auth/auth-provider.server";
import { InlineScriptsProvider } from "~/components/ui/inline-scripts";
import { i18nFor } from "~/i18n/all-messages";
import { notingI18n, pageWordsHtml } from "~/i18n/page-words.server";
import { detectLanguage } from "~/i18n/language.server";
import { I18nProvider } from "~/i18n/use-translation";
import { describeError, logEvent } from "~/server/log.server";

/**
 * For the HTTP server (app/server/main.ts), which loads this build: open the database before
 * listening, start the scheduled jobs once ready, close the database on shutdown (PGlite
 * flushes), and renew a session's tokens before a request is handled (Supabase mode).
 */
export { closeDatabase, openDatabase } from "~/data/db.server";
export { startSystemJobs } from "~/jobs/registry.server";

export function refreshSessionCookie(cookieHeader: string | undefined): Promise<{ cookieHeader: string; setCookie: string } | null> {
  return getAuthProvider().refreshSessionCookie(cookieHeader);
}

const ABORT_DELAY_MS = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const language = detectLanguage(request);
  const wordsUsed = new Set<string>();
  const i18n = notingI18n(i18nFor(language), wordsUsed);
  const nonce = loadContext.cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <InlineScriptsProvider nonce={nonce}>
        <I18nProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
        </I18nProvider>
      </InlineScriptsProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        // The whole document, then one response: every loader has finished before rendering
        // starts (nothing is deferred), so waiting for all of it costs no time, and one
        // buffer leaves in one write instead of a stream of small ones (decision 009).
        onAllReady() {
          const chunks: Buffer[] = [];
          const document = new Writable({
            // React takes a closed destination for an aborted render: its abort handler would
            // end this finished stream a second time, which builds an error with a full stack.
            emitClose: false,
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              clearTimeout(abortTimer);
              const body = withPageWords(Buffer.concat(chunks), pageWordsHtml(language, wordsUsed));
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              // A known length: Node sends the page without chunked framing, so no closing write of its own.
              responseHeaders.set("Content-Length", String(body.length));
              resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
              done();
            },
          });
          pipe(document);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          if (shellRendered) logEvent("error", "render", describeError(error));
        },
      },
    );
    const abortTimer = setTimeout(abort, ABORT_DELAY_MS + 1000);
  });
}

/** The page's words (the keys its render translated) go in just before </body>, where the browser reads them before hydrating. */
function withPageWords(html: Buffer<ArrayBuffer>, words: Buffer): Buffer<ArrayBuffer> {
  const end = html.lastIndexOf("</body>");
  if (end < 0) return html;
  return Buffer.concat([html.subarray(0, end), words, html.subarray(end)]);
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  logEvent("error", "unhandled", { method: request.method, path: new URL(request.url).pathname, ...describeError(error) });
};
