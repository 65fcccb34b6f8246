/**
 * Mentor pairs for benches (bench/messages.ts, bench/instances.ts): bench members in active
 * mentorships, each with a session made directly in the database, messages of a valid shape
 * (the server checks shape only), and a member's notification stream read for its signals.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { HttpClient } from "../../tests/support/http-client";
import { readEventStream } from "./event-stream";
import { memberIdSql, memberStatements, TIANHE } from "./seed-scale";

const PREFIX = "e7000000";
const SIGNAL_TIMEOUT_MS = 5000;

/** Pair member n (1-based): members 1..pairs are mentees, pairs+1..2*pairs their mentors. */
export const pairMemberId = (n: number) => `${PREFIX}-0000-4000-8000-${String(n).padStart(12, "0")}`;
export const pairMentorshipId = (pair: number) => `e6000000-0000-4000-8000-${String(pair).padStart(12, "0")}`;
/** A session token of the cookie's shape (43 characters), made directly in the database for member n. */
const sessionToken = (n: number) => `bm${String(n).padStart(41, "0")}`;
const b64url = (bytes: number) => randomBytes(bytes).toString("base64url");

/** `pairs` mentorships and `messages` messages spread over them, alternating sides, each side numbering its own. */
export function mentorPairStatements(pairs: number, messages: number): string[] {
  const members = 2 * pairs;
  const id = (n: string) => memberIdSql(n, PREFIX);
  return [
    ...memberStatements(members, PREFIX),
    `insert into public.user_keys (user_id, kdf_salt, kdf_opslimit, kdf_memlimit, public_key, wrapped_private_key)
     select ${id("n")}, 'AAAAAAAAAAAAAAAAAAAAAA', 3, 67108864, '${b64url(32)}', 'v1.xc20p.AAAA.AAAA' from generate_series(1, ${members}) n`,
    `insert into private.sessions (token_hash, user_id, expires_at)
     select encode(sha256(convert_to('bm' || lpad(n::text, 41, '0'), 'UTF8')), 'hex'), ${id("n")}, now() + interval '1 day' from generate_series(1, ${members}) n`,
    `insert into public.mentor_profiles (member_id, area_id, capacity)
     select ${id(`(${pairs} + n)`)}, '${TIANHE}'::uuid, 1 from generate_series(1, ${pairs}) n`,
    `insert into public.mentorships (id, mentee_id, mentor_id, state, answered_at)
     select ('e6000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, ${id("n")}, ${id(`(${pairs} + n)`)}, 'active', now()
     from generate_series(1, ${pairs}) n`,
    ...(messages > 0
      ? [
          // Message i belongs to pair 1 + i % pairs; rounds alternate mentee and mentor.
          `insert into public.messages (mentorship_id, sender_id, recipient_id, sequence, version, nonce, ciphertext, created_at)
           select ('e6000000-0000-4000-8000-' || lpad((1 + i % ${pairs})::text, 12, '0'))::uuid,
                  case when (i / ${pairs}) % 2 = 0 then ${id(`(1 + i % ${pairs})`)} else ${id(`(${pairs} + 1 + i % ${pairs})`)} end,
                  case when (i / ${pairs}) % 2 = 0 then ${id(`(${pairs} + 1 + i % ${pairs})`)} else ${id(`(1 + i % ${pairs})`)} end,
                  (i / ${pairs}) / 2 + 1, 1, '${b64url(24)}', '${b64url(272)}',
                  now() - make_interval(secs => ${messages} - i)
           from generate_series(0, ${messages - 1}) i`,
        ]
      : []),
    "analyze",
  ];
}

/** The session cookie of pair member n, as a Cookie header. */
export const pairSessionCookie = (n: number) => `tx_session=${sessionToken(n)}`;

/** A client signed in as pair member n, speaking to `baseUrl`. */
export function pairClient(baseUrl: string, n: number): HttpClient {
  const client = new HttpClient(baseUrl);
  client.setCookie("tx_session", sessionToken(n));
  client.setCookie("tx_csrf", "c".repeat(43));
  return client;
}

/** Member n (of `pairs`) posts message number `sequence` of their mentorship: random bytes of a sealed message's shape. */
export function sendPairMessage(baseUrl: string, pairs: number, n: number, sequence: number): Promise<Response> {
  const pair = n <= pairs ? n : n - pairs;
  return pairClient(baseUrl, n).post(`/api/mentors/${pairMentorshipId(pair)}/messages`, {
    intent: "send",
    sequence,
    version: 1,
    nonce: b64url(24),
    ciphertext: b64url(272),
  });
}

export type SignalStream = { next: () => Promise<number>; close: () => void };

/** Member n's notification stream at `baseUrl`: `next()` resolves with the time of the next `signal` event after it was asked for. */
export async function openSignalStream(baseUrl: string, n: number): Promise<SignalStream> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/notifications/stream`, { headers: { cookie: `tx_session=${sessionToken(n)}` }, signal: controller.signal });
  if (response.status !== 200 || !response.body) throw new Error(`stream for member ${n}: ${response.status}`);
  let waiting: ((at: number) => void) | undefined;
  readEventStream(response.body, ({ name }) => {
    if (name === "signal" && waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve(performance.now());
    }
  });
  return {
    next: () =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no signal")), SIGNAL_TIMEOUT_MS);
        waiting = (at) => {
          clearTimeout(timer);
          resolve(at);
        };
      }),
    close: () => controller.abort(),
  };
}
