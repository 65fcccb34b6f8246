/**
 * How long the browser's proof-of-work solver takes, worst case, for each challenge cost
 * (decision 013): app/crypto/challenge.ts bundled for the browser, run in Chromium with
 * the CPU at full speed and slowed 4x and 8x through DevTools (a stand-in for a cheap
 * phone), on challenges whose answer is the last number tried (2^exponent - 1). Argon2id
 * with KDF v1 is timed the same way, since a sign-in pays both.
 *
 * The search is linear in the numbers tried, so the solver's rate is measured on many short
 * searches (2^16) and the best one kept: on a shared machine the best run is the one least
 * disturbed. Each exponent's worst case follows from that rate; the largest is also timed
 * directly (best of three).
 *
 *   npx tsx bench/challenge-solver-chromium.ts [exponents, e.g. 10,14,17,18,19,20] [slowdowns, e.g. 1,4,8]
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { build } from "esbuild";
import { formatChallenge, proofInput } from "~/domain/accounts/challenge";
import { KDF_V1 } from "~/domain/accounts/kdf-policy";
import { launchBrowser } from "../tests/support/browser";

const exponents = (process.argv[2] ?? "10,12,14,16,17,18,19,20").split(",").map(Number);
const slowdowns = (process.argv[3] ?? "1,4,8").split(",").map(Number);

/** A challenge whose answer is the last number the solver tries. */
function worstCase(exponent: number): string {
  const salt = randomBytes(16);
  const target = createHash("sha256").update(proofInput(salt, 2 ** exponent - 1)).digest("base64url");
  return formatChallenge({ purpose: "signIn", expiresAt: 4_000_000_000, exponent, salt: salt.toString("base64url"), target, mac: "A".repeat(43) });
}

const entry = `
  import { solveChallenge } from "~/crypto/challenge";
  import { argon2id } from "~/crypto/hashes";
  window.solveChallenge = solveChallenge;
  window.argon2id = async (opslimit, memlimit) => {
    const started = performance.now();
    await argon2id(new TextEncoder().encode("a passphrase"), new Uint8Array(16), { opslimit, memlimit }, 32);
    return performance.now() - started;
  };
  window.ready = true;
`;
const bundle = await build({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: "js" },
  bundle: true,
  format: "esm",
  platform: "browser",
  write: false,
  alias: { "~": path.resolve("app") },
  logLevel: "error",
});
const script = bundle.outputFiles[0]?.text ?? "";
const server = http
  .createServer((request, response) => {
    if (request.url === "/solver.js") {
      response.setHeader("content-type", "text/javascript");
      response.end(script);
      return;
    }
    response.setHeader("content-type", "text/html");
    response.end('<!doctype html><script type="module" src="/solver.js"></script>');
  })
  .listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const address = server.address();
const port = typeof address === "object" && address ? address.port : 0;

type BenchWindow = { ready?: boolean; solveChallenge: (text: string) => Promise<number>; argon2id: (ops: number, mem: number) => Promise<number> };

const browser = await launchBrowser();
try {
  console.log(`slowdown  hashes/s  worst case (2^e hashes), s: ${exponents.map((e) => `e=${e}`.padStart(6)).join("")}  e=${Math.max(...exponents)} timed  Argon2id v1`);
  for (const slowdown of slowdowns) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => (window as unknown as BenchWindow).ready === true);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: slowdown });
    const solve = (text: string) =>
      page.evaluate(async (challenge) => {
        const started = performance.now();
        await (window as unknown as BenchWindow).solveChallenge(challenge);
        return performance.now() - started;
      }, text);
    await solve(worstCase(8)); // loads libsodium and compiles its wasm
    const best = async (runs: number, measure: () => Promise<number>) => {
      let fastest = Infinity;
      for (let run = 0; run < runs; run += 1) fastest = Math.min(fastest, await measure());
      return fastest;
    };
    const rate = 2 ** 16 / ((await best(10, () => solve(worstCase(16)))) / 1000);
    const largest = Math.max(...exponents);
    const timed = await best(3, () => solve(worstCase(largest)));
    const argon = await best(3, () => page.evaluate(([ops, mem]) => (window as unknown as BenchWindow).argon2id(ops ?? 0, mem ?? 0), [KDF_V1.opslimit, KDF_V1.memlimit]));
    const derived = exponents.map((e) => (2 ** e / rate).toFixed(2).padStart(6)).join("");
    console.log(`${`${slowdown}x`.padStart(8)} ${Math.round(rate).toString().padStart(9)}  ${" ".repeat(27)}${derived}  ${(timed / 1000).toFixed(2).padStart(9)} s  ${(argon / 1000).toFixed(2).padStart(9)} s`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
