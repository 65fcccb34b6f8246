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

export function logEvent(level: "info" | "warn" | "error", event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/** An error's type, code and stack frames, never its message (which may quote user input). */
export function describeError(error: unknown): Pick<LogFields, "error" | "code" | "stack"> {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at ")).slice(0, 8).join("\n");
  return { error: error.name, code: typeof code === "string" ? code : undefined, stack: frames };
}
