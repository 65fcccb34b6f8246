// Pages on a cheap phone: Debian's Chromium at 390x844 with the CPU slowed 4x, 400 kbps each
// way and 400 ms round trips, a cold cache (a new context per run, the cache disabled).
//
// Builds and starts the portal (PGlite, production mode) and prints per page the medians over
// --runs of: first contentful paint, largest contentful paint, when the page's main control can
// be used (present, enabled and hydrated by React), bytes transferred and script bytes (encoded,
// as they came over the wire). Then the journey: open /sign-in cold, type the demo member's
// handle and passphrase at once, submit as soon as the button allows, until /home has painted
// with its words.
//
// Run:  npx tsx bench/cheap-phone.ts [--runs 5] [--no-build] [--cpu 4] [--kbps 400] [--rtt 400]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../tests/support/browser";
import { DEMO } from "../tests/support/demo-accounts";
import { build, signedInCookies, median, startScriptNodeFlags, startServer, stop, waitFor, waitForJob } from "./support/portal";

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    cpu: { type: "string", default: "4" },
    kbps: { type: "string", default: "400" },
    rtt: { type: "string", default: "400" },
    "no-build": { type: "boolean", default: false },
    // Issue 16: 5,000 groups and 20,000 meetings (bench/support/seed-scale.ts) behind the finder.
    scale: { type: "boolean", default: false },
  },
});
const runs = Number(options.runs);
const baseUrl = "http://127.0.0.1:3192";

/** The control a member came to the page for; usable once React has hydrated it and it is enabled. */
const PAGES: Array<{ path: string; control: string; signedIn: boolean }> = [
  { path: "/", control: "main a.button", signedIn: false },
  { path: "/sign-in", control: "main form button[type=submit]", signedIn: false },
  { path: "/sign-up", control: "main form button[type=submit]", signedIn: false },
  { path: "/recover", control: "main form button[type=submit]", signedIn: false },
  { path: "/home", control: "main a[href='/identity']", signedIn: true },
  { path: "/groups", control: ".group-list__name", signedIn: true },
  { path: "/groups?area=a0000000-0000-4000-8000-000000440000&weekday=2", control: ".group-list__name", signedIn: true },
  { path: "/groups/b0000000-0000-4000-8000-000000000001", control: "form:has(input[name=intent][value=rsvp]) button", signedIn: true },
];

type Run = { fcp: number; lcp: number; usable: number; bytes: number; scriptBytes: number };

/** A cold page under the cheap-phone conditions, counting what comes over the wire. */
async function coldPage(browser: Browser, cookies: Array<{ name: string; value: string }> = []) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url: baseUrl })));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const bytesPerSecond = (Number(options.kbps) * 1000) / 8;
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: Number(options.rtt), downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: Number(options.cpu) });
  const scripts = new Set<string>();
  const wire = { bytes: 0, scriptBytes: 0 };
  cdp.on("Network.responseReceived", (event) => {
    if (event.type === "Script") scripts.add(event.requestId);
  });
  cdp.on("Network.loadingFinished", (event) => {
    wire.bytes += event.encodedDataLength;
    if (scripts.has(event.requestId)) wire.scriptBytes += event.encodedDataLength;
  });
  return { context, page, wire };
}

/** Milliseconds since navigation when the control is enabled and React owns it (its props are on the node). */
async function usableAt(page: Page, selector: string): Promise<number> {
  const handle = await page.waitForFunction(
    (sel) => {
      const element = document.querySelector(sel);
      const hydrated = element !== null && Object.keys(element).some((key) => key.startsWith("__reactProps"));
      return hydrated && !(element as HTMLButtonElement).disabled ? performance.now() : false;
    },
    selector,
    { polling: "raf", timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** FCP and the last LCP candidate so far, in ms since navigation. */
function paints(page: Page): Promise<{ fcp: number; lcp: number }> {
  return page.evaluate(
    () =>
      new Promise<{ fcp: number; lcp: number }>((resolve) => {
        const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN;
        new PerformanceObserver((list) => resolve({ fcp, lcp: list.getEntries().at(-1)?.startTime ?? Number.NaN })).observe({ type: "largest-contentful-paint", buffered: true });
        setTimeout(() => resolve({ fcp, lcp: Number.NaN }), 2000);
      }),
  );
}

async function measurePage(browser: Browser, target: (typeof PAGES)[number], cookies: Array<{ name: string; value: string }>): Promise<Run> {
  const { context, page, wire } = await coldPage(browser, target.signedIn ? cookies : []);
  await page.goto(`${baseUrl}${target.path}`, { waitUntil: "commit" });
  const usable = await usableAt(page, target.control);
  await page.waitForLoadState("networkidle");
  const { fcp, lcp } = await paints(page);
  const run = { fcp, lcp, usable, ...wire };
  await context.close();
  return run;
}

/** Opening /sign-in cold to /home painted with its words, the form filled and submitted as fast as the page allows. */
async function signInJourney(browser: Browser): Promise<Run> {
  const { context, page, wire } = await coldPage(browser);
  const started = Date.now();
  await page.goto(`${baseUrl}/sign-in`, { waitUntil: "commit" });
  await page.fill("#handle", DEMO.member.handle, { timeout: 120_000 });
  await page.fill("#passphrase", DEMO.member.passphrase);
  // Waits, as a finger would, until the button is enabled.
  await page.click("main form button[type=submit]", { timeout: 120_000 });
  await page.waitForURL(`${baseUrl}/home`, { timeout: 120_000 });
  // With its words: a page opened in the browser shows the words it lacks only once the whole
  // language has come (i18n/page-words.client.tsx); until then its headings and links are blank.
  await page.waitForFunction(
    () => ["main h1", "main a[href='/identity']"].every((selector) => (document.querySelector(selector)?.textContent ?? "").trim() !== ""),
    undefined,
    { polling: "raf", timeout: 120_000 },
  );
  // Two frames later the home page has been painted.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const run = { fcp: Number.NaN, lcp: Number.NaN, usable: Date.now() - started, ...wire };
  await context.close();
  return run;
}

function row(label: string, results: Run[]) {
  const ms = (pick: (r: Run) => number) => {
    const value = median(results.map(pick));
    return Number.isNaN(value) ? "–" : Math.round(value);
  };
  const kb = (pick: (r: Run) => number) => (median(results.map(pick)) / 1024).toFixed(1);
  return { page: label, "FCP ms": ms((r) => r.fcp), "LCP ms": ms((r) => r.lcp), "usable ms": ms((r) => r.usable), "KB over wire": kb((r) => r.bytes), "script KB": kb((r) => r.scriptBytes) };
}

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), "tongxing-cheap-phone-"));
  if (!options["no-build"]) build();
  const env = { PGLITE_DIR: path.join(work, "pglite"), DATABASE_URL: "", RATE_LIMIT_CLIENT_MULTIPLIER: "1000" };
  let scaleLine = "";
  if (options.scale) {
    // The first start migrates and seeds; then, stopped, the database gets its volume.
    const first = startServer(work, "portal-migrate", "app/server/main.ts", 3192, env, startScriptNodeFlags());
    await waitFor(`${baseUrl}/healthz`, first);
    await stop(first);
    const { seedAtScale } = await import("./support/seed-scale");
    const scale = await seedAtScale({ kind: "pglite", dataDir: env.PGLITE_DIR });
    scaleLine = `; seeded ${scale.groups} groups, ${scale.meetings} meetings, ${scale.members} members`;
  }
  const portal = startServer(work, "portal", "app/server/main.ts", 3192, env, startScriptNodeFlags());
  await waitFor(`${baseUrl}/healthz`, portal);
  if (options.scale) await waitForJob(work, "portal", "refresh-meeting-times", portal);
  const cookies = await signedInCookies(baseUrl);
  const browser = await launchBrowser();
  const table = [];
  for (const target of PAGES) {
    const results: Run[] = [];
    for (let run = 0; run < runs; run++) results.push(await measurePage(browser, target, cookies));
    table.push(row(`${target.path}${target.signedIn ? " (signed in)" : ""}`, results));
  }
  const journey: Run[] = [];
  for (let run = 0; run < runs; run++) journey.push(await signInJourney(browser));
  table.push(row("/sign-in → /home painted with its words (journey)", journey));
  console.log(`cheap phone: CPU ÷${options.cpu}, ${options.kbps} kbps each way, ${options.rtt} ms RTT, 390x844, cold cache; median of ${runs} runs; PGlite${scaleLine}`);
  console.log("usable: the page's main control enabled and hydrated (journey: from opening /sign-in to /home painted with its words)");
  console.table(table);
  await browser.close();
  await stop(portal);
  rmSync(work, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
