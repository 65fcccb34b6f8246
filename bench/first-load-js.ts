/**
 * First-load JavaScript per page, as Chromium fetches it: the scripts requested before the
 * page's load event (what it needs to be used; gzip -9 of those is the budget), then
 * every script requested until the network is idle (the language's words come after load,
 * decision 018), raw and gzip -9 sizes, the bytes the server actually sent
 * (Brotli made at build time, as Chromium accepts it), and whether libsodium came along.
 * Signed-in pages are loaded as the demo member (cookies from an HTTP sign-in).
 *
 *   npm run build && NODE_ENV=production npx tsx app/server/main.ts &   # or npm start
 *   npx tsx bench/first-load-js.ts [http://127.0.0.1:3000]
 */
import { gzipSync } from "node:zlib";
import { launchBrowser } from "../tests/support/browser";
import { signedInCookies } from "./support/portal";

const baseUrl = process.argv[2] ?? "http://127.0.0.1:3000";
const signedOut = ["/", "/sign-in", "/sign-up", "/recover", "/about"];
const pages = [...signedOut, "/home", "/account", "/identity", "/shared", "/groups", "/testing", "/testing/proofs", `/proof/${crypto.randomUUID()}`];
const cookies = (await signedInCookies(baseUrl)).map((cookie) => ({ ...cookie, url: baseUrl }));

const browser = await launchBrowser();
console.log("page             scripts  raw KB  gzip KB  sent KB  libsodium  | before load: scripts  gzip KB  sent KB");
for (const path of pages) {
  const context = await browser.newContext();
  if (!signedOut.includes(path)) await context.addCookies(cookies);
  const page = await context.newPage();
  const scripts: Array<{ url: string; body: Buffer; sent: number; beforeLoad: boolean }> = [];
  const requestedBeforeLoad = new Set<unknown>();
  let loaded = false;
  page.on("load", () => (loaded = true));
  page.on("request", (request) => {
    if (!loaded) requestedBeforeLoad.add(request);
  });
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    const body = await response.body();
    scripts.push({ url: response.url(), body, sent: (await response.request().sizes()).responseBodySize, beforeLoad: requestedBeforeLoad.has(response.request()) });
  });
  await page.goto(`${baseUrl}${path}`);
  await page.waitForLoadState("networkidle");
  const raw = scripts.reduce((sum, s) => sum + s.body.length, 0);
  const gzip = scripts.reduce((sum, s) => sum + gzipSync(s.body, { level: 9 }).length, 0);
  const sent = scripts.reduce((sum, s) => sum + s.sent, 0);
  const sodium = scripts.some((s) => s.body.includes("crypto_pwhash_argon2id") || /libsodium/i.test(s.url));
  const first = scripts.filter((s) => s.beforeLoad);
  const firstGzip = first.reduce((sum, s) => sum + gzipSync(s.body, { level: 9 }).length, 0);
  const firstSent = first.reduce((sum, s) => sum + s.sent, 0);
  console.log(
    `${path.slice(0, 16).padEnd(16)} ${String(scripts.length).padStart(7)} ${(raw / 1024).toFixed(1).padStart(7)} ${(gzip / 1024).toFixed(1).padStart(8)} ${(sent / 1024).toFixed(1).padStart(8)}  ${(sodium ? "yes" : "no").padEnd(9)}  | ${String(first.length).padStart(19)} ${(firstGzip / 1024).toFixed(1).padStart(8)} ${(firstSent / 1024).toFixed(1).padStart(8)}`,
  );
  await context.close();
}
await browser.close();
