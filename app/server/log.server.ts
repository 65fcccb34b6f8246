/**
 * Structured logging: one JSON object per line. Callers pass only fields from this
 * allowlist, so identity data, passphrases, keys and form bodies cannot be written.
 */
type LogFields = {
  method?: string;
  path?: string;
  status?: number;
  ms?: number;
  route?: string;
  error?: string;
  code?: string;
  stack?: string;
  detail?: string;
  engine?: string;
  port?: number;
  count?: number;
};

function lineOf(level: "info" | "warn" | "error", event: string, fields: LogFields): string {
  return `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`;
}

/**
 * Access-log lines waiting for the end of the event loop's current turn, to leave in one
 * write: a busy server answers many requests per turn, and a write per line was a system
 * call per request. Any other line, and the process's exit, writes those waiting first.
 */
let waitingRequests = "";
function writeWaitingRequests(): void {
  if (waitingRequests === "") return;
  const lines = waitingRequests;
  waitingRequests = "";
  process.stdout.write(lines);
}
process.on("exit", writeWaitingRequests);

export function logEvent(level: "info" | "warn" | "error", event: string, fields: LogFields = {}): void {
  writeWaitingRequests();
  (level === "error" ? process.stderr : process.stdout).write(lineOf(level, event, fields));
}

/** The access log's line for an answered request (see waitingRequests). */
export function logRequest(fields: Pick<LogFields, "method" | "path" | "status" | "ms">): void {
  if (waitingRequests === "") setImmediate(writeWaitingRequests);
  waitingRequests += lineOf("info", "request", fields);
}

/** An error's type, code and stack frames, never its message (which may quote user input). */
export function describeError(error: unknown): Pick<LogFields, "error" | "code" | "stack"> {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at ")).slice(0, 8).join("\n");
  return { error: error.name, code: typeof code === "string" ? code : undefined, stack: frames };
}
