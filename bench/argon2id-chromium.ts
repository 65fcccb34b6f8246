/**
 * Key derivation time in Chromium, measured in the real sign-in page: from the
 * moment the salt and parameters arrive to the moment the derived auth key is
 * sent, which is Argon2id (KDF v1) plus one crypto_kdf. Uses a demo account.
 *
 *   npm start &   (or: NODE_ENV=production npx tsx app/server/main.ts after a build)
 *   npx tsx bench/argon2id-chromium.ts [http://127.0.0.1:3000] [runs]
 */
import { launchBrowser, signIn } from "../tests/support/browser";
import { DEMO } from "../tests/support/demo-accounts";

const baseUrl = process.argv[2] ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[3] ?? 7);

const browser = await launchBrowser();
const timings: number[] = [];
for (let run = 0; run < runs; run += 1) {
  const context = await browser.newContext();
  const page = await context.newPage();
  let paramsArrived = 0;
  let keySent = 0;
  page.on("requestfinished", (request) => {
    if (request.url().endsWith("/api/auth/params")) paramsArrived = performance.now();
  });
  page.on("request", (request) => {
    if (request.url().endsWith("/api/auth/sign-in")) keySent = performance.now();
  });
  await signIn(page, baseUrl, DEMO.member);
  timings.push(keySent - paramsArrived);
  await context.close();
}
await browser.close();
timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)] ?? NaN;
console.log(`Argon2id (opslimit 3, 64 MiB) + kdf in Chromium, ${runs} sign-ins: median ${median.toFixed(0)} ms, min ${timings[0]?.toFixed(0)} ms, max ${timings.at(-1)?.toFixed(0)} ms`);
console.log("(the first run also loads and compiles libsodium if it was not preloaded yet)");
