/**
 * First-load JavaScript per page, as Chromium fetches it: every script requested
 * until the network is idle, raw and gzip -9 sizes, the bytes the server actually sent
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
console.log("page             scripts  raw KB  gzip KB  sent KB  libsodium");
for (const path of pages) {
  const context = await browser.newContext();
  if (!signedOut.includes(path)) await context.addCookies(cookies);
  const page = await context.newPage();
  const scripts: Array<{ url: string; body: Buffer; sent: number }> = [];
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    const body = await response.body();
    scripts.push({ url: response.url(), body, sent: (await response.request().sizes()).responseBodySize });
  });
  await page.goto(`${baseUrl}${path}`);
  await page.waitForLoadState("networkidle");
  const raw = scripts.reduce((sum, s) => sum + s.body.length, 0);
  const gzip = scripts.reduce((sum, s) => sum + gzipSync(s.body, { level: 9 }).length, 0);
  const sent = scripts.reduce((sum, s) => sum + s.sent, 0);
  const sodium = scripts.some((s) => s.body.includes("crypto_pwhash_argon2id") || /libsodium/i.test(s.url));
  console.log(
    `${path.slice(0, 16).padEnd(16)} ${String(scripts.length).padStart(7)} ${(raw / 1024).toFixed(1).padStart(7)} ${(gzip / 1024).toFixed(1).padStart(8)} ${(sent / 1024).toFixed(1).padStart(8)}  ${sodium ? "yes" : "no"}`,
  );
  await context.close();
}
await browser.close();
