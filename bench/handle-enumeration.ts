/**
 * Can a stranger tell whether a handle exists? Times the two steps of sign-in with a
 * wrong auth key, for existing handles and for unknown ones, and prints medians.
 * Run it against a throwaway local server (it uses up the demo accounts' per-handle
 * sign-in allowance for 15 minutes):
 *
 *   RATE_LIMIT_CLIENT_MULTIPLIER=100 npm start &
 *   npx tsx bench/handle-enumeration.ts [http://127.0.0.1:3000]
 */
import { newClient, solvedChallenge } from "../tests/support/http-client";

const baseUrl = process.argv[2] ?? "http://127.0.0.1:3000";
const KNOWN = ["admin", "worker_li", "worker_wang", "leader_chen", "xiaoming", "ahua"];
const ROUNDS_PER_HANDLE = 8; // under the per-handle limit of 10
const WRONG_KEY = "A".repeat(43);

const client = await newClient(baseUrl);
const timings = { paramsKnown: [] as number[], paramsUnknown: [] as number[], signInKnown: [] as number[], signInUnknown: [] as number[] };
const statuses = new Set<string>();

async function time(path: string, fields: Record<string, string | number>): Promise<number> {
  const started = performance.now();
  const response = await client.post(path, fields);
  await response.arrayBuffer();
  statuses.add(`${path} ${response.status}`);
  return performance.now() - started;
}

for (let round = 0; round < ROUNDS_PER_HANDLE; round += 1) {
  for (const handle of KNOWN) {
    const unknown = `nobody_${round}_${handle}`;
    // Alternate which goes first, so neither always follows the same kind of request.
    const pair = round % 2 === 0 ? ([handle, unknown] as const) : ([unknown, handle] as const);
    for (const subject of pair) {
      const known = subject === handle;
      (known ? timings.paramsKnown : timings.paramsUnknown).push(await time("/api/auth/params", { handle: subject }));
    }
    for (const subject of pair) {
      const known = subject === handle;
      // The proof of work is solved before the clock starts: only the server's answer is timed.
      const proof = await solvedChallenge(client, "signIn", subject);
      (known ? timings.signInKnown : timings.signInUnknown).push(await time("/api/auth/sign-in", { handle: subject, authKey: WRONG_KEY, ...proof }));
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
for (const [name, values] of Object.entries(timings)) console.log(`${name.padEnd(14)} n=${values.length} median ${median(values).toFixed(1)} ms`);
console.log(`statuses: ${[...statuses].sort().join(", ")}`);
