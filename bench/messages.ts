// Mentor messages at volume (issue 19): send-to-receive latency and messages per second with
// 1,000,000 messages stored, on a throwaway PostgreSQL server with two app instances.
//
// Seeds `--pairs` mentorships (two bench members each, with sessions made directly in the
// database) and `--messages` envelopes spread over them, then:
//   1. latency: the recipient's notification stream is open on instance 2; the sender posts a
//      sealed-shape envelope to instance 1; the time from the post's start to the stream's
//      `signal` event (LISTEN/NOTIFY across instances) — p50, p95, p99 over `--samples` sends,
//      one at a time;
//   2. throughput: `--connections` clients post for `--seconds`, alternating instances, each
//      message from the next sender (a sender may send 30 a minute): messages stored per
//      second, and the answers by status;
//   3. a conversation page (the newest 100 of a conversation's messages) read 50 times, with
//      the plans of the listing and of the sender's 30-a-minute count from EXPLAIN ANALYZE, as
//      the reader under RLS.
// The server checks only an envelope's shape, so the bench sends random bytes of a valid shape.
//
// Run:  npx tsx bench/messages.ts [--messages 1000000] [--pairs 500] [--samples 300] [--seconds 10] [--connections 20] [--no-build]
// Needs: PostgreSQL server binaries (apt-get install postgresql).
import type { ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { findPostgresBinDir, startPostgresCluster } from "../tests/support/postgres-cluster";
import { clusterDatabase, withClient } from "./support/statements";
import { build, startServer, stop, waitFor } from "./support/portal";
import { mentorPairStatements, openSignalStream, pairClient, pairMemberId, pairMentorshipId, sendPairMessage, type SignalStream } from "./support/mentor-pairs";

const { values: options } = parseArgs({
  options: {
    messages: { type: "string", default: "1000000" },
    pairs: { type: "string", default: "500" },
    samples: { type: "string", default: "300" },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "20" },
    "no-build": { type: "boolean", default: false },
  },
});
const messageCount = Number(options.messages);
const pairs = Number(options.pairs);
const samples = Number(options.samples);
const seconds = Number(options.seconds);
const connections = Number(options.connections);

const FIRST_PORT = 3401;
const instanceUrl = (i: number) => `http://127.0.0.1:${FIRST_PORT + i}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main() {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)");
  if (!options["no-build"]) build();
  const work = mkdtempSync(path.join(tmpdir(), "tongxing-messages-"));
  const cluster = await startPostgresCluster(bin);
  const instances: ChildProcess[] = [];
  try {
    const databaseUrl = await clusterDatabase(cluster, "bench_messages");
    const env = { DATABASE_URL: databaseUrl, PGLITE_DIR: "", DEMO_DATA: "on" };
    for (let i = 0; i < 2; i++) instances.push(startServer(work, `instance-${i + 1}`, "app/server/main.ts", FIRST_PORT + i, env));
    await Promise.all(instances.map((child, i) => waitFor(`${instanceUrl(i)}/healthz`, child)));

    const seedStart = performance.now();
    await withClient(databaseUrl, async (client) => {
      for (const statement of mentorPairStatements(pairs, messageCount)) await client.query(statement);
    });
    const size = await withClient(databaseUrl, async (client) => {
      const rows = await client.query<{ rows: string; size: string }>(
        "select (select count(*) from public.messages)::text as rows, pg_size_pretty(pg_total_relation_size('public.messages')) as size",
      );
      return rows.rows[0];
    });
    console.log(`bench: postgresql ${cluster.version}, two instances, ${pairs} mentorships; seeded ${size?.rows} messages (${size?.size} with indexes) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    // The next number of each sender (both sides of every pair).
    const next = new Map<number, number>();
    await withClient(databaseUrl, async (client) => {
      const rows = await client.query<{ sender: string; last: number }>("select sender_id::text as sender, max(sequence) as last from public.messages group by sender_id");
      const byId = new Map(rows.rows.map((row) => [row.sender, row.last]));
      for (let n = 1; n <= 2 * pairs; n++) next.set(n, (byId.get(pairMemberId(n)) ?? 0) + 1);
    });
    const sendFrom = (sender: number, instance: number) => {
      const sequence = next.get(sender) ?? 1;
      next.set(sender, sequence + 1);
      return sendPairMessage(instanceUrl(instance), pairs, sender, sequence);
    };

    // 1. Latency: mentees send through instance 1; their mentors' streams are open on instance 2.
    const sampled = Array.from({ length: Math.min(samples, pairs) }, (_, i) => i + 1);
    const streams = new Map<number, SignalStream>();
    for (const pair of sampled) streams.set(pair, await openSignalStream(instanceUrl(1), pairs + pair));
    await new Promise((r) => setTimeout(r, 1500)); // each stream's first signal has gone by
    const latencies: number[] = [];
    const posts: number[] = [];
    let lost = 0;
    for (let i = 0; i < samples; i++) {
      const pair = sampled[i % sampled.length] ?? 1;
      const stream = streams.get(pair);
      if (!stream) continue;
      const arrived = stream.next();
      const start = performance.now();
      const response = await sendFrom(pair, 0);
      posts.push(performance.now() - start);
      if (response.status !== 201) throw new Error(`send answered ${response.status}: ${await response.text()}`);
      try {
        latencies.push((await arrived) - start);
      } catch {
        lost += 1;
      }
    }
    for (const stream of streams.values()) stream.close();
    const sortedLatency = latencies.sort((a, b) => a - b);
    const sortedPosts = posts.sort((a, b) => a - b);
    console.log(`send (instance 1) to signal on the reader's stream (instance 2), ${latencies.length} sends one at a time:`);
    console.log(`  p50 ${ms(percentile(sortedLatency, 50))}, p95 ${ms(percentile(sortedLatency, 95))}, p99 ${ms(percentile(sortedLatency, 99))}; the post alone p50 ${ms(percentile(sortedPosts, 50))}, p95 ${ms(percentile(sortedPosts, 95))}; no signal within 5 s: ${lost}`);

    // 2. Throughput: every sender in turn, alternating instances.
    const statuses = new Map<number, number>();
    let turn = 0;
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const mine = turn++;
          const sender = 1 + (mine % (2 * pairs));
          const response = await sendFrom(sender, mine % 2);
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    const stored = statuses.get(201) ?? 0;
    console.log(`throughput, ${connections} connections for ${seconds} s, both instances: ${(stored / seconds).toFixed(0)} messages stored per second; answers: ${[...statuses].map(([status, count]) => `${status}×${count}`).join(", ")}`);

    // 3. A conversation page and the plans behind it.
    const reader = pairClient(instanceUrl(1), 1);
    const reads: number[] = [];
    for (let i = 0; i < 50; i++) {
      const start = performance.now();
      const response = await reader.get(`/mentors/${pairMentorshipId(1)}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`conversation page answered ${response.status}`);
      reads.push(performance.now() - start);
    }
    const sortedReads = reads.sort((a, b) => a - b);
    console.log(`conversation page (newest 100 of ${Math.round(messageCount / pairs)} messages), 50 reads one at a time: p50 ${ms(percentile(sortedReads, 50))}, p95 ${ms(percentile(sortedReads, 95))}`);
    // Planned and run as the reader, under RLS, as the page runs them (the owner's plan skips the policies).
    await withClient(databaseUrl, async (client) => {
      const plans = [
        [
          "listing",
          `select id, sender_id, recipient_id, sequence, version, nonce, ciphertext, created_at, expires_at from public.messages
           where mentorship_id = '${pairMentorshipId(1)}' order by created_at desc, id desc limit 100`,
        ],
        ["30-a-minute count", `select count(*) from public.messages m where m.sender_id = '${pairMemberId(1)}' and m.created_at > now() - interval '1 minute'`],
      ] as const;
      for (const [name, query] of plans) {
        await client.query("begin");
        await client.query("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)", [
          JSON.stringify({ sub: pairMemberId(1), role: "authenticated" }),
        ]);
        const plan = await client.query<{ "QUERY PLAN": string }>(`explain (analyze, costs off, buffers) ${query}`);
        await client.query("rollback");
        console.log(`plan of the ${name}, as the reader:\n${plan.rows.map((row) => `  ${row["QUERY PLAN"]}`).join("\n")}`);
      }
    });
  } finally {
    for (const child of instances) await stop(child);
    await cluster.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
