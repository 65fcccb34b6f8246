/**
 * First-load JavaScript per page, as Chromium fetches it: the scripts requested before the
 * page's load event (what it needs to be used; gzip -9 of those is issue 15's budget: under
 * 90 KB on every page that does not encrypt), then every script requested until the network
 * is idle (the language's words come after load, decision 018), raw and gzip -9 sizes, the
 * bytes the server actually sent (Brotli made at build time, as Chromium accepts it), and
 * whether libsodium came along. Every page is loaded as the persona who uses it (cookies from
 * an HTTP sign-in of the demo accounts); the pages that encrypt are marked and held to no budget.
 *
 *   npm run build && NODE_ENV=production npx tsx app/server/main.ts &   # or npm start
 *   npx tsx bench/first-load-js.ts [http://127.0.0.1:3000]
 */
import { gzipSync } from "node:zlib";
import { launchBrowser } from "../tests/support/browser";
import { DEMO } from "../tests/support/demo-accounts";
import { signedInCookies } from "./support/portal";

const baseUrl = process.argv[2] ?? "http://127.0.0.1:3000";
const BUDGET_KB = 90;
const GROUP = "/groups/b0000000-0000-4000-8000-000000000001";
const MEETING = `${GROUP}/meetings/e0000000-0000-4000-8000-000000000001`;
const SITE = "/staff/testing/sites/f0000000-0000-4000-8000-000000000001";

type Persona = keyof typeof DEMO | "signedOut";
/** Each persona's pages; `encrypts` marks the pages that derive, seal or open keys (libsodium). */
const PAGES: Array<{ persona: Persona; path: string; encrypts?: true }> = [
  ...["/", "/about", "/crisis", "/check", "/no-such-page"].map((path) => ({ persona: "signedOut" as const, path })),
  ...["/sign-in", "/sign-up", "/recover"].map((path) => ({ persona: "signedOut" as const, path, encrypts: true as const })),
  ...["/home", "/welcome", "/groups", GROUP, "/testing", "/testing/results", "/help", "/help/new", "/mentors", "/notifications", "/attendance", "/language", "/talk-now"].map((path) => ({ persona: "member" as const, path })),
  ...["/account", "/identity", "/shared", "/testing/proofs", `/proof/${crypto.randomUUID()}`].map((path) => ({ persona: "member" as const, path, encrypts: true as const })),
  ...["/lead", "/groups/new", `${GROUP}/edit`, `${GROUP}/meetings/new`, `${MEETING}/edit`].map((path) => ({ persona: "leader" as const, path })),
  ...["/staff/help", "/staff/dashboard", "/staff/testing", "/staff/testing/desk", SITE, "/staff/mentors", "/staff/leaders", "/staff/reports", "/mentor"].map((path) => ({ persona: "workerLi" as const, path })),
  ...["/admin/roles", "/admin/audit", "/admin/hotlines"].map((path) => ({ persona: "admin" as const, path })),
];

const browser = await launchBrowser();
const cookiesOf = new Map<Persona, Array<{ name: string; value: string; url: string }>>([["signedOut", []]]);
const rows = [];
let overBudget = 0;
for (const { persona, path, encrypts } of PAGES) {
  if (!cookiesOf.has(persona)) cookiesOf.set(persona, (await signedInCookies(baseUrl, DEMO[persona as keyof typeof DEMO])).map((cookie) => ({ ...cookie, url: baseUrl })));
  const context = await browser.newContext();
  await context.addCookies(cookiesOf.get(persona) ?? []);
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
  const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));
  const gzip = (list: typeof scripts) => list.reduce((sum, s) => sum + gzipSync(s.body, { level: 9 }).length, 0);
  const first = scripts.filter((s) => s.beforeLoad);
  const firstGzip = kb(gzip(first));
  const sodium = scripts.some((s) => s.body.includes("crypto_pwhash_argon2id") || /libsodium/i.test(s.url));
  if (!encrypts && firstGzip >= BUDGET_KB) overBudget++;
  rows.push({
    page: path.length > 34 ? `${path.slice(0, 31)}…` : path,
    as: persona,
    "before load: scripts": first.length,
    "gzip KB": firstGzip,
    "sent KB": kb(first.reduce((sum, s) => sum + s.sent, 0)),
    budget: encrypts ? "encrypts" : firstGzip < BUDGET_KB ? "under" : "OVER",
    "until idle: scripts": scripts.length,
    "raw KB": kb(scripts.reduce((sum, s) => sum + s.body.length, 0)),
    "gzip KB ": kb(gzip(scripts)),
    libsodium: sodium ? "yes" : "no",
  });
  await context.close();
}
await browser.close();
console.table(rows);
console.log(`${overBudget} page(s) without encryption at or over ${BUDGET_KB} KB gzip before load`);
