/**
 * One load run with autocannon (a maintained HTTP/1.1 load generator in Node, installed from
 * the lock file, so the bench needs nothing from outside npm). Latency percentiles come from
 * every response's own time (autocannon's summary has no p95).
 */
import { readFileSync } from "node:fs";
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
};

/** A process's CPU time so far (user + system, all threads) in ms, from /proc; NaN where there is none. */
export function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // After "pid (comm) ": utime and stime are the 12th and 13th fields, in clock ticks (100/s).
    return (Number(fields[11]) + Number(fields[12])) * 10;
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
}): Promise<Measurement> {
  const latencies: number[] = [];
  const cpuBefore = processCpuMs(options.serverPid);
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
  latencies.sort((a, b) => a - b);
  return {
    serverCpuMsPerRequest: serverCpuMs / Math.max(1, latencies.length),
    requestsPerSecond: latencies.length / options.seconds,
    p50: Math.round(percentile(latencies, 0.5)),
    p95: Math.round(percentile(latencies, 0.95)),
    p99: Math.round(percentile(latencies, 0.99)),
    errors: errors + result.errors + result.timeouts,
    requests: latencies.length,
  };
}
