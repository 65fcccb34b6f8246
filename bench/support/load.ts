/**
 * One load run with autocannon (a maintained HTTP/1.1 load generator in Node, installed from
 * the lock file, so the bench needs nothing from outside npm). Latency percentiles come from
 * every response's own time (autocannon's summary has no p95).
 */
import { readdirSync, readFileSync } from "node:fs";
import autocannon from "autocannon";

export type Measurement = {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  requests: number;
  /** CPU time the server process spent per request (all its threads), in ms; NaN off Linux. */
  serverCpuMsPerRequest: number;
  /** CPU time the PostgreSQL server (all its processes) spent per request, in ms; NaN when there is none. */
  databaseCpuMsPerRequest: number;
  /** Bytes received per response, headers included. */
  bytesPerResponse: number;
};

/** A process's CPU time so far (user + system, all threads) in ms, from /proc; NaN where there is none. */
export function processCpuMs(pid: number | undefined): number {
  try {
    if (pid === undefined) return Number.NaN;
    const fields = statFields(pid);
    // Clock ticks, 100 a second.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function statFields(pid: number | string): string[] {
  // After "pid (comm) ": ppid is the 2nd field; utime, stime, cutime, cstime the 12th to 15th.
  return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
}

/**
 * The CPU time so far (ms) of a server made of processes: the parent, its children that ended
 * (counted into the parent's own figures when it reaped them) and those alive (a PostgreSQL
 * connection's backend, an nginx worker). NaN without /proc.
 */
export function processTreeCpuMs(parentPid: number | undefined): number {
  if (parentPid === undefined) return Number.NaN;
  try {
    const own = statFields(parentPid);
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const fields = statFields(entry);
        if (Number(fields[1]) === parentPid) ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The process ended between the listing and the read.
      }
    }
    return ticks * 10;
  } catch {
    return Number.NaN;
  }
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export async function measure(options: {
  url: string;
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
  /** The server's process id, to report its CPU time per request. */
  serverPid?: number;
  /** The PostgreSQL server's postmaster, to report the database's CPU time per request. */
  databasePid?: number;
}): Promise<Measurement> {
  const latencies: number[] = [];
  const cpuBefore = processCpuMs(options.serverPid);
  const databaseCpuBefore = processTreeCpuMs(options.databasePid);
  let errors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { url: options.url, connections: options.connections, duration: options.seconds, headers: options.headers ?? {} },
      (error, done) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode !== 200) errors++;
    });
  });
  const serverCpuMs = processCpuMs(options.serverPid) - cpuBefore;
  const databaseCpuMs = processTreeCpuMs(options.databasePid) - databaseCpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    serverCpuMsPerRequest: serverCpuMs / Math.max(1, latencies.length),
    databaseCpuMsPerRequest: databaseCpuMs / Math.max(1, latencies.length),
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
    requestsPerSecond: latencies.length / options.seconds,
    p50: Math.round(percentile(latencies, 0.5)),
    p95: Math.round(percentile(latencies, 0.95)),
    p99: Math.round(percentile(latencies, 0.99)),
    errors: errors + result.errors + result.timeouts,
    requests: latencies.length,
  };
}
