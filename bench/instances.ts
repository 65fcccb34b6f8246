// Several app instances on one PostgreSQL server behind nginx (issue 20): the app keeps no
// state of its own, so any instance serves any request, and losing one loses nothing it
// acknowledged.
//
// Starts a throwaway PostgreSQL cluster, N portal instances at once (they race to migrate and
// seed; the advisory lock lets one do it) and Debian's nginx in front of them with
// round-robin. Then checks, printing each as passed or FAILED (exit 1 if any failed):
//   1. every instance served requests through nginx (its access log names the upstream);
//   2. a session made through nginx works on every instance asked directly;
//   3. a testing booking made through one instance shows on each of the others;
//   4. a mentor message sent through instance 1 reaches its reader without reload: the reader's
//      notification stream, open on instance 2, signals it (Postgres LISTEN/NOTIFY), and the
//      conversation read through another instance lists it;
//   5. a notification made through one instance reaches a live stream open on another: the
//      demo leader's notification stream, open on instance 2, counts the demo member's ask to
//      talk (posted to instance 1) within 5 s (the delay printed); she then takes it back;
//   6. a rate limit counts across instances: the public statement check allows 120 lookups
//      a quarter hour per network, asked round-robin, and the 121st is refused;
//   7. a load run of writes (a member's messages on a help request, each carrying its own
//      number) through nginx, during which one instance is killed (SIGKILL): every message
//      acknowledged (the redirect a stored reply gets) is stored. Prints the errors clients
//      saw before, during (the two seconds after the kill) and after. A failed send is sent
//      again with the form's key (in flight when the instance died, it may have been stored):
//      every message ends up stored exactly once.
//   8. the same with one instance stopped as a rolling restart does: taken out of nginx's
//      rotation (a reload), then SIGTERM: it finishes the requests it took, and clients see
//      no error at all;
//   9. the system jobs ran once an interval across all instances, not once per instance
//      (from the instances' logs).
//
// Run:  npx tsx bench/instances.ts [--instances 3] [--clients 20] [--seconds 12] [--no-build]
// Needs: PostgreSQL server binaries and nginx (apt-get install postgresql nginx-light).
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { findPostgresBinDir, startPostgresCluster } from "../tests/support/postgres-cluster";
import { DEMO } from "../tests/support/demo-accounts";
import { HttpClient, signedInClient } from "../tests/support/http-client";
import { clusterDatabase, withClient } from "./support/statements";
import { hasNginx, startNginx, type LoadBalancer } from "./support/nginx";
import { mentorPairStatements, openSignalStream, pairClient, pairMentorshipId, sendPairMessage } from "./support/mentor-pairs";
import { readEventStream } from "./support/event-stream";
import { build, startServer, stop, waitFor } from "./support/portal";
import { DEMO_MEMBER, DEMO_WORKER, TIANHE } from "./support/seed-scale";

const { values: options } = parseArgs({
  options: {
    instances: { type: "string", default: "3" },
    clients: { type: "string", default: "20" },
    seconds: { type: "string", default: "12" },
    "no-build": { type: "boolean", default: false },
  },
});
const instanceCount = Number(options.instances);
const clients = Number(options.clients);
const seconds = Number(options.seconds);
if (!(instanceCount >= 2)) throw new Error("--instances must be 2 or more");

const FIRST_PORT = 3301;
const NGINX_PORT = 3300;
const front = `http://127.0.0.1:${NGINX_PORT}`;
const instanceUrl = (i: number) => `http://127.0.0.1:${FIRST_PORT + i}`;
/** Errors in this window after the kill count as "during"; later ones as "after". */
const DURING_MS = 2000;
const PUBLIC_LOOKUP_LIMIT = 120;
/** The shortest interval of any system job, and how far instances' log clocks and the database's may disagree. */
const JOB_MIN_INTERVAL_MS = 60_000;
const JOB_CLOCK_SLACK_MS = 5_000;
/** How often a client sends a message again after an error before it gives up. */
const RESENDS = 3;
/** How long a notification may take to reach a stream open on another instance. */
const NOTIFICATION_TIMEOUT_MS = 5000;

const SITE_ID = "e3000000-0000-4000-8000-000000000001";
const SLOT_ID = "e3000000-0000-4000-8000-000000000002";
const REQUEST_ID = "e3000000-0000-4000-8000-000000000003";

const work = mkdtempSync(path.join(tmpdir(), "tongxing-instances-"));
const results: Array<{ check: string; passed: boolean; detail: string }> = [];
function report(check: string, passed: boolean, detail: string) {
  results.push({ check, passed, detail });
  console.log(`${passed ? "passed" : "FAILED"}: ${check} — ${detail}`);
}

/**
 * The jobs' runs across every instance's log: each job's runs, and the shortest time between
 * two of them. The shortest interval of any job is a minute, so runs closer than that mean
 * two instances each ran it on their own schedule.
 */
function checkJobsRunOnce() {
  const runs = new Map<string, number[]>();
  for (let i = 0; i < instanceCount; i++) {
    for (const line of readFileSync(path.join(work, `instance-${i + 1}.log`), "utf8").split("\n")) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as { time?: string; event?: string; detail?: string };
      if (entry.event !== "job ran" || !entry.detail || !entry.time) continue;
      runs.set(entry.detail, [...(runs.get(entry.detail) ?? []), Date.parse(entry.time)]);
    }
  }
  const summary = [...runs].map(([job, times]) => {
    const sorted = times.sort((a, b) => a - b);
    const gaps = sorted.slice(1).map((time, i) => time - (sorted[i] ?? 0));
    return { job, runs: sorted.length, closest: gaps.length > 0 ? Math.min(...gaps) : null };
  });
  const tooClose = summary.filter((job) => job.closest !== null && job.closest < JOB_MIN_INTERVAL_MS - JOB_CLOCK_SLACK_MS);
  report(
    `a job runs once an interval, not once per instance`,
    summary.length > 0 && tooClose.length === 0,
    summary.map((job) => `${job.job}: ${job.runs} run(s)${job.closest === null ? "" : `, closest ${(job.closest / 1000).toFixed(1)} s apart`}`).join("; "),
  );
}

/** A client with `from`'s cookies speaking to another address. */
function sameBrowserAt(from: HttpClient, baseUrl: string): HttpClient {
  const client = new HttpClient(baseUrl);
  for (const { name, value } of from.cookiesFor(baseUrl)) client.setCookie(name, value);
  return client;
}

async function checkSessionsEverywhere(member: HttpClient, nginx: LoadBalancer) {
  for (let i = 0; i < instanceCount * 2; i++) {
    const response = await member.get("/home");
    if (response.status !== 200) return report("a session works through nginx", false, `/home answered ${response.status}`);
  }
  const served = nginx.upstreamsFor("/home");
  report("round-robin reaches every instance", served.size === instanceCount, `/home served by ${[...served].sort().join(", ")}`);
  const statuses = await Promise.all(Array.from({ length: instanceCount }, async (_, i) => (await sameBrowserAt(member, instanceUrl(i)).get("/home")).status));
  report("a session made through nginx works on each instance", statuses.every((s) => s === 200), `/home on each instance: ${statuses.join(", ")}`);
}

async function checkBookingSeenEverywhere(databaseUrl: string, member: HttpClient) {
  const first = sameBrowserAt(member, instanceUrl(0));
  const booked = await first.post("/testing", { intent: "book", slotId: SLOT_ID, idempotencyKey: crypto.randomUUID() });
  const bookingId = await withClient(databaseUrl, async (client) => {
    const rows = await client.query<{ id: string }>("select id from public.testing_bookings where slot_id = $1 and member_id = $2 and status = 'booked'", [SLOT_ID, DEMO_MEMBER]);
    return rows.rows[0]?.id;
  });
  if (!bookingId) return report("a booking made through one instance shows on the others", false, `the booking answered ${booked.status} and none was stored`);
  const shown = await Promise.all(
    Array.from({ length: instanceCount - 1 }, async (_, i) => {
      const page = await (await sameBrowserAt(member, instanceUrl(i + 1)).get("/testing")).text();
      return page.includes(`/testing/bookings/${bookingId}/cancel`);
    }),
  );
  report("a booking made through one instance shows on the others", shown.every(Boolean), `booked through instance 1 (${booked.status}); shown on instances 2–${instanceCount}: ${shown.join(", ")}`);
}

async function checkRateLimitAcrossInstances() {
  // One network (the address nginx forwards), lookups spread round-robin over the instances.
  const statuses: number[] = [];
  for (let i = 0; i <= PUBLIC_LOOKUP_LIMIT; i++) statuses.push((await fetch(`${front}/check?code=ABCD-EFGH-JKMN`)).status);
  const refusedAt = statuses.indexOf(429);
  report(
    "a rate limit counts across instances",
    refusedAt === PUBLIC_LOOKUP_LIMIT,
    `public statement checks from one network, round-robin: first refusal at lookup ${refusedAt + 1} (limit ${PUBLIC_LOOKUP_LIMIT} a quarter hour)`,
  );
}

let nextMessage = 0;
type Outcome = { n: number; acknowledged: boolean; at: number; status: number | "network error" };

/**
 * `clients` members' browsers posting messages through nginx for `seconds`; a third of the way
 * in, instance `victim` (0-based) gets `signal`. A message that gets no acknowledgement is sent
 * again with the same key, as a member pressing "send" again would (up to RESENDS times).
 * Messages are numbered across runs.
 */
async function loadWhileStopping(databaseUrl: string, member: HttpClient, instances: ChildProcess[], nginx: LoadBalancer, victim: number, signal: "SIGKILL" | "SIGTERM") {
  const outcomes: Outcome[] = [];
  const firstMessage = nextMessage;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let killedAt = Number.POSITIVE_INFINITY;
  // A crash comes unannounced; a rolling restart first takes the instance out of the rotation.
  const killer = setTimeout(() => {
    killedAt = performance.now();
    if (signal === "SIGKILL") instances[victim]?.kill(signal);
    else void nginx.takeOutOfRotation(victim).then(() => instances[victim]?.kill(signal));
  }, (seconds * 1000) / 3);
  const sendOnce = async (client: HttpClient, n: number, idempotencyKey: string): Promise<Outcome> => {
    let status: Outcome["status"];
    let acknowledged = false;
    try {
      const response = await client.post(`/help/${REQUEST_ID}`, { intent: "reply", body: `load ${n}`, idempotencyKey });
      status = response.status;
      // The portal's answer to a stored reply: a redirect back to the request, saying so.
      acknowledged = status === 302 && (response.headers.get("location") ?? "").endsWith("?done=replied");
    } catch {
      status = "network error";
    }
    return { n, acknowledged, at: performance.now(), status };
  };
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = sameBrowserAt(member, front);
      while (performance.now() < deadline) {
        const n = nextMessage++;
        const idempotencyKey = crypto.randomUUID();
        for (let attempt = 0; attempt <= RESENDS; attempt++) {
          const outcome = await sendOnce(client, n, idempotencyKey);
          outcomes.push(outcome);
          if (outcome.acknowledged) break;
        }
      }
    }),
  );
  clearTimeout(killer);
  const storedTimes = await withClient(databaseUrl, async (client) => {
    const rows = await client.query<{ body: string }>("select body from public.help_request_events where request_id = $1 and kind = 'message' and body like 'load %'", [REQUEST_ID]);
    const times = new Map<number, number>();
    for (const n of rows.rows.map((r) => Number(r.body.slice("load ".length))).filter((n) => n >= firstMessage)) times.set(n, (times.get(n) ?? 0) + 1);
    return times;
  });
  const messages = nextMessage - firstMessage;
  const acknowledged = new Set(outcomes.filter((o) => o.acknowledged).map((o) => o.n));
  const lost = [...acknowledged].filter((n) => !storedTimes.has(n));
  const twice = [...storedTimes.values()].filter((times) => times > 1).length;
  const storedNeverAcknowledged = [...storedTimes.keys()].filter((n) => !acknowledged.has(n)).length;
  const errors = outcomes.filter((o) => !o.acknowledged);
  const before = errors.filter((o) => o.at < killedAt).length;
  const during = errors.filter((o) => o.at >= killedAt && o.at < killedAt + DURING_MS).length;
  const after = errors.filter((o) => o.at >= killedAt + DURING_MS).length;
  const kinds = [...new Set(errors.map((o) => String(o.status)))].join(", ") || "none";
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `\nload: ${clients} clients, ${seconds} s, ${messages} messages (${outcomes.length} sends, ${Math.round(outcomes.length / elapsed)}/s), ${acknowledged.size} acknowledged; ` +
      `instance ${victim + 1} sent ${signal} at ${((killedAt - started) / 1000).toFixed(1)} s\n` +
      `sends that failed: ${before} before, ${during} during (its first ${DURING_MS / 1000} s), ${after} after (${kinds}), each sent again with its key; ` +
      `stored twice: ${twice}; stored but never acknowledged: ${storedNeverAcknowledged}`,
  );
  console.log(`nginx's errors so far: ${nginx.errors() || "none"}`);
  const how = signal === "SIGKILL" ? "killed" : "stopped (SIGTERM)";
  report(`no acknowledged write is lost when an instance is ${how}`, lost.length === 0 && acknowledged.size > 0, `${acknowledged.size} acknowledged, ${lost.length} of them missing`);
  report(`a message sent again after an error is stored once (instance ${how})`, twice === 0 && acknowledged.size === messages, `${messages} messages, ${acknowledged.size} acknowledged in the end, ${twice} stored twice`);
  if (signal === "SIGKILL") report("the other instances keep serving after the kill", after === 0, `${after} failed sends after the first ${DURING_MS / 1000} s`);
  // Taken out of the rotation and stopped, an instance finishes what it took: no answer fails.
  // (nginx's reload closes its idle keep-alive connections to clients; a send racing that close
  // fails before nginx reads it, which a browser would retry; counted apart.)
  else {
    const refused = errors.filter((o) => o.status !== "network error").length;
    report(
      "an instance taken out of the rotation and stopped with SIGTERM fails no request",
      refused === 0,
      `${refused} failed answers; ${errors.length - refused} sends on a connection nginx's reload closed (sent again)`,
    );
  }
}

function seedStatements(): string[] {
  const tomorrow = `((now() at time zone 'Asia/Shanghai')::date + 1)`;
  return [
    `insert into public.testing_sites (id, area_id, public_name, created_by) values ('${SITE_ID}', '${TIANHE}', '多实例检测点', '${DEMO_WORKER}')`,
    `insert into public.testing_slots (id, site_id, starts_at, ends_at, local_date, capacity, created_by)
     values ('${SLOT_ID}', '${SITE_ID}', (${tomorrow} + time '09:00') at time zone 'Asia/Shanghai', (${tomorrow} + time '09:15') at time zone 'Asia/Shanghai', ${tomorrow}, 3, '${DEMO_WORKER}')`,
    `insert into public.help_requests (id, member_id, area_id, category, urgency, description, idempotency_key)
     values ('${REQUEST_ID}', '${DEMO_MEMBER}', '${TIANHE}', 'jobs', 'routine', '多实例测试', gen_random_uuid())`,
  ];
}

/** Mentee 1 writes through instance 1 while their mentor (member 2) listens on instance 2; the conversation is then read through the last instance. */
async function checkMessageAcrossInstances() {
  const reader = await openSignalStream(instanceUrl(1), 2);
  // The stream's first signal (sent as it opens) goes by first.
  await new Promise((r) => setTimeout(r, 1000));
  const arrived = reader.next();
  const start = performance.now();
  const sent = await sendPairMessage(instanceUrl(0), 1, 1, 1);
  const { id } = (await sent.json().catch(() => ({}))) as { id?: string };
  const delay = await arrived.then((at) => at - start).catch(() => null);
  reader.close();
  const last = instanceCount - 1;
  const page = await (await pairClient(instanceUrl(last), 2).get(`/mentors/${pairMentorshipId(1)}`)).text();
  const listed = id !== undefined && page.includes(id);
  report(
    "a message sent through one instance reaches its reader on another without reload",
    sent.status === 201 && delay !== null && listed,
    `sent through instance 1 (${sent.status}); the reader's stream on instance 2 ${delay === null ? "heard nothing within 5 s" : `signalled after ${delay.toFixed(0)} ms`}; listed in the conversation read through instance ${last + 1}: ${listed}`,
  );
}

type StreamEvent = { name: string; data: string; at: number };

/**
 * A signed-in client's notification stream, read as a browser's EventSource would (session
 * cookie, `Accept: text/event-stream`): each event's name and data and when it came. The stream
 * never ends; `close()` aborts it.
 */
async function openNotificationStream(client: HttpClient) {
  const controller = new AbortController();
  const cookie = client
    .cookiesFor(client.baseUrl)
    .map(({ name, value }) => `${name}=${value}`)
    .join("; ");
  const response = await fetch(`${client.baseUrl}/api/notifications/stream`, { headers: { cookie, accept: "text/event-stream" }, signal: controller.signal });
  const events: StreamEvent[] = [];
  let wake: () => void = () => undefined;
  if (response.status === 200 && response.body) {
    readEventStream(response.body, (event) => {
      events.push({ ...event, at: performance.now() });
      wake();
    });
  } else controller.abort();
  return {
    status: response.status,
    /** The first event so far or within `ms` that `wanted` accepts, or null. */
    async find(wanted: (event: StreamEvent) => boolean, ms: number): Promise<StreamEvent | null> {
      const deadline = performance.now() + ms;
      for (;;) {
        const found = events.find(wanted);
        if (found) return found;
        const left = deadline - performance.now();
        if (left <= 0) return null;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
    close: () => controller.abort(),
  };
}

/**
 * The demo leader listens on instance 2; the demo member (in his group, supabase/seed.sql) asks
 * to talk through instance 1; his stream there counts the new notification. She then takes the
 * ask back through instance 1 (its page's cancel form), so that nothing is left open.
 */
async function checkNotificationAcrossInstances(member: HttpClient) {
  const check = "a notification made through one instance reaches a live stream open on another";
  const leader = await signedInClient(instanceUrl(1), DEMO.leader);
  const stream = await openNotificationStream(leader);
  if (stream.status !== 200) return report(check, false, `the leader's stream on instance 2 answered ${stream.status}`);
  // The first count as it opens; the first signal once the instance watches for his (sent after it starts listening).
  const first = await stream.find((event) => event.name === "count", NOTIFICATION_TIMEOUT_MS);
  const watching = await stream.find((event) => event.name === "signal", NOTIFICATION_TIMEOUT_MS);
  if (!first || !watching) {
    stream.close();
    return report(check, false, `the leader's stream on instance 2 ${first ? "never started watching" : "sent no count"}`);
  }
  const before = Number(first.data);
  const asking = sameBrowserAt(member, instanceUrl(0));
  const start = performance.now();
  const asked = await asking.post("/talk-now", { intent: "ask", note: "" });
  const counted = await stream.find((event) => event.name === "count" && Number(event.data) > before, NOTIFICATION_TIMEOUT_MS);
  stream.close();
  const delay = counted ? counted.at - start : null;
  // Taken back through its page's cancel form, as the member would.
  const page = await (await asking.get("/talk-now")).text();
  const requestId = /name="requestId" value="([^"]+)"/.exec(page)?.[1];
  const cancelled = requestId ? await asking.post("/talk-now", { intent: "cancel", requestId }) : null;
  const takenBack = cancelled?.status === 303 && (cancelled.headers.get("location") ?? "").endsWith("?shown=cancelled");
  report(
    check,
    asked.status === 303 && asked.headers.get("location") === "/talk-now" && delay !== null && takenBack,
    `the member asked to talk through instance 1 (${asked.status} to ${asked.headers.get("location") ?? "nowhere"}); the leader's stream on instance 2 ` +
      `${delay === null ? `counted nothing new within ${NOTIFICATION_TIMEOUT_MS / 1000} s` : `counted it (${before} → ${counted?.data}) after ${delay.toFixed(0)} ms`}; ` +
      `taken back: ${cancelled ? cancelled.status : "no cancel form on her page"}`,
  );
}

async function main() {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)");
  if (!hasNginx()) throw new Error("no nginx (apt-get install nginx-light)");
  if (!options["no-build"]) build();
  const cluster = await startPostgresCluster(bin);
  const instances: ChildProcess[] = [];
  let nginx: LoadBalancer | undefined;
  try {
    const databaseUrl = await clusterDatabase(cluster, "bench_instances");
    const env = { DATABASE_URL: databaseUrl, PGLITE_DIR: "", DEMO_DATA: "on", TRUST_PROXY_HOPS: "1" };
    // All at once: they race to migrate and seed the empty database.
    for (let i = 0; i < instanceCount; i++) instances.push(startServer(work, `instance-${i + 1}`, "app/server/main.ts", FIRST_PORT + i, env));
    await Promise.all(instances.map((child, i) => waitFor(`${instanceUrl(i)}/healthz`, child)));
    await withClient(databaseUrl, async (client) => {
      for (const statement of [...seedStatements(), ...mentorPairStatements(1, 0)]) await client.query(statement);
    });
    nginx = startNginx(work, NGINX_PORT, Array.from({ length: instanceCount }, (_, i) => FIRST_PORT + i));
    await waitFor(`${front}/healthz`, nginx.child);
    console.log(`bench: postgresql ${cluster.version}, ${instanceCount} instances behind nginx (round-robin); cores: 2, shared by all`);

    const member = await signedInClient(front, DEMO.member);
    await checkSessionsEverywhere(member, nginx);
    await checkBookingSeenEverywhere(databaseUrl, member);
    await checkMessageAcrossInstances();
    await checkNotificationAcrossInstances(member);
    await checkRateLimitAcrossInstances();
    await loadWhileStopping(databaseUrl, member, instances, nginx, instanceCount - 1, "SIGTERM");
    await loadWhileStopping(databaseUrl, member, instances, nginx, 1, "SIGKILL");
    checkJobsRunOnce();
  } finally {
    nginx?.stop();
    await Promise.all(instances.map((child) => stop(child)));
    await cluster.stop();
    if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  }
  const failed = results.filter((r) => !r.passed);
  console.log(failed.length === 0 ? `\nall ${results.length} checks passed` : `\n${failed.length} of ${results.length} checks FAILED`);
  if (failed.length > 0) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
