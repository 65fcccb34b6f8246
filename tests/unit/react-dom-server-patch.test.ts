/**
 * patches/react-dom (decision 009) keeps a server render's chunks as strings and encodes them
 * once per flush. The patched file is the production build, the one the server runs; tests
 * load the development build by default, so this one loads both and holds the patched bytes
 * to the unpatched development build's: Chinese text and emoji, pieces longer than React's
 * old 2 KB buffers, attributes that need escaping, and a Suspense boundary that waits.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Writable } from "node:stream";
import { createElement, Suspense, type ReactNode } from "react";
import { describe, expect, it } from "vitest";

type Server = typeof import("react-dom/server");
const require = createRequire(import.meta.url);
const builds = path.join(path.dirname(require.resolve("react-dom/package.json")), "cjs");
const productionFile = path.join(builds, "react-dom-server.node.production.min.js");
const patched = require(productionFile) as Server;
const unpatched = require(path.join(builds, "react-dom-server.node.development.js")) as Server;

function renderWhole(server: Server, tree: ReactNode): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const { pipe } = server.renderToPipeableStream(tree, {
      onAllReady() {
        pipe(
          new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(Buffer.from(chunk));
              done();
            },
            final(done) {
              resolve(Buffer.concat(chunks));
              done();
            },
          }),
        );
      },
      onShellError: reject,
    });
  });
}

/** Throws until its promise has settled, as a component reading data through Suspense does. */
function waitingText(text: string): () => string {
  let ready = false;
  const promise = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => {
    ready = true;
  });
  return () => {
    if (!ready) throw promise;
    return text;
  };
}

function page(read: () => string): ReactNode {
  const Waiting = () => createElement("p", { id: "late" }, read());
  return createElement(
    "main",
    { title: `"引号" & <尖括号>` },
    createElement("h1", null, "同行 · 互助小组 🤝"),
    createElement("p", null, "长".repeat(3000)),
    createElement("ul", null, ...Array.from({ length: 300 }, (_, i) => createElement("li", { key: i, "data-row": i }, `第 ${i} 行 row ${i}`))),
    createElement(Suspense, { fallback: createElement("p", null, "…") }, createElement(Waiting)),
  );
}

describe("the server render with the patch", () => {
  it("is applied to the production build (npm install ran patch-package)", () => {
    const source = readFileSync(productionFile, "utf8");
    expect(source).toContain("Tongxing patch");
    expect(source).not.toContain("u.encodeInto(");
  });

  it("gives the same bytes as the unpatched build, waiting for what suspends", async () => {
    const [mine, theirs] = await Promise.all([renderWhole(patched, page(waitingText("到了 arrived"))), renderWhole(unpatched, page(waitingText("到了 arrived")))]);
    expect(mine.toString("utf8")).toContain('<p id="late">到了 arrived</p>');
    expect(mine.toString("utf8")).toContain("&quot;引号&quot; &amp; &lt;尖括号&gt;");
    expect(mine.equals(theirs)).toBe(true);
  });
});
