import { z } from "zod";
import { BOOKING_NOTICE_MINUTES_DEFAULT } from "~/domain/testing/booking-rules";

/**
 * The whole environment, checked once at start: the one place each variable is named,
 * parsed and given its default. Every variable is optional: with none set, the portal
 * runs locally on the embedded database (`.data/pglite`) with demo data.
 */
const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** "production" hardens cookies and headers and refuses demo data. */
    APP_MODE: z.enum(["local", "production"]).default("local"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    /** A libpq-style URL; unix-socket forms (postgresql://user@/db?host=/run/postgresql) included. */
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/).optional(),
    /**
     * Connections to the PostgreSQL server. Unset: twice this machine's cores, which kept a
     * server on the same 2-core machine busiest (bench/server-cost.ts: 10 was ~20% slower).
     * A server across a network waits more per query; give it more.
     */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).optional(),
    /**
     * Which backend: DATABASE_URL unset is the embedded database; set, a PostgreSQL server;
     * "supabase" when DATABASE_URL is a Supabase project's Postgres (it provides the auth
     * schema itself), which then needs the SUPABASE_* settings below.
     */
    DATABASE_FLAVOR: z.enum(["postgres", "supabase"]).default("postgres"),
    /** The Supabase project's address (https://<ref>.supabase.co). */
    SUPABASE_URL: z.string().url().optional(),
    /** The project's public (anon) key: what sign-in and refresh present to Supabase Auth. */
    SUPABASE_ANON_KEY: z.string().min(20).optional(),
    /** The project's service key: the server alone makes and deletes accounts with it (sign-up is off). */
    SUPABASE_SERVICE_ROLE_KEY: z.string().min(20).optional(),
    /**
     * The project's legacy JWT secret, when its access tokens are signed with it (HS256).
     * Unset: tokens are checked against the project's published signing keys
     * (SUPABASE_URL/auth/v1/.well-known/jwks.json, ES256 or RS256).
     */
    SUPABASE_JWT_SECRET: z.string().min(32).optional(),
    /** The audience Supabase Auth writes into its access tokens. */
    SUPABASE_JWT_AUDIENCE: z.string().min(1).default("authenticated"),
    /** The embedded database's directory when DATABASE_URL is unset (relative to the working directory; "memory://" for none). */
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    /** Trust X-Forwarded-For from this many proxies (0 = use the socket address). */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    /** Where quick exit sends the member: an ordinary, neutral site. */
    QUICK_EXIT_URL: z.string().url().default("https://www.baidu.com/"),
    /** Scales the per-client (not per-handle) rate limits; tests from one address raise it. */
    RATE_LIMIT_CLIENT_MULTIPLIER: z.coerce.number().int().min(1).max(1000).default(1),
    /**
     * How many seconds a minute of the inactivity lock lasts (domain/sessions/session-terms.ts).
     * 60; the end-to-end tests shorten it so that a 5-minute lock takes seconds. Not in production.
     */
    INACTIVITY_MINUTE_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
    /**
     * The demo accounts (passphrases printed in the README). Unset: on the embedded database
     * only. A PostgreSQL server gets them only when asked with "on", and never in production,
     * so a deployment that forgets APP_MODE=production still gets no known admin passphrase.
     */
    DEMO_DATA: z.enum(["on", "off"]).optional(),
    /** How many minutes before a testing slot a member can still cancel or move it (the site plans its staff). */
    TESTING_CHANGE_NOTICE_MINUTES: z.coerce.number().int().min(0).max(10080).default(BOOKING_NOTICE_MINUTES_DEFAULT),
  })
  .refine((env) => env.APP_MODE !== "production" || env.DATABASE_URL !== undefined, {
    path: ["DATABASE_URL"],
    message: "APP_MODE=production needs DATABASE_URL (the embedded database is for local use)",
  })
  .refine((env) => env.APP_MODE !== "production" || env.INACTIVITY_MINUTE_SECONDS === 60, {
    path: ["INACTIVITY_MINUTE_SECONDS"],
    message: "INACTIVITY_MINUTE_SECONDS is for tests only and is refused with APP_MODE=production",
  })
  .refine((env) => env.APP_MODE !== "production" || env.DEMO_DATA !== "on", {
    path: ["DEMO_DATA"],
    message: "DEMO_DATA=on is refused with APP_MODE=production (the demo passphrases are public)",
  })
  .superRefine((env, context) => {
    const supabase = env.DATABASE_FLAVOR === "supabase";
    for (const name of SUPABASE_NEEDS) {
      if (supabase && env[name] === undefined) context.addIssue({ code: "custom", path: [name], message: `DATABASE_FLAVOR=supabase needs ${name}` });
    }
    // Set without Supabase, they would be silently ignored: say so rather than start half-configured.
    for (const name of SUPABASE_ONLY) {
      if (!supabase && env[name] !== undefined) context.addIssue({ code: "custom", path: [name], message: `${name} is read only with DATABASE_FLAVOR=supabase` });
    }
    if (supabase && env.APP_MODE === "production" && env.SUPABASE_URL !== undefined && !env.SUPABASE_URL.startsWith("https://")) {
      context.addIssue({ code: "custom", path: ["SUPABASE_URL"], message: "APP_MODE=production needs an https:// SUPABASE_URL" });
    }
  });

/** What Supabase mode cannot start without. */
const SUPABASE_NEEDS = ["DATABASE_URL", "SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY"] as const;
/** What only Supabase mode reads. */
const SUPABASE_ONLY = ["SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_JWT_SECRET"] as const;

export type Env = z.infer<typeof EnvSchema>;

/** A bad environment. Its message names variables and rules only, never a value, so it may be logged. */
export class EnvError extends Error {
  override name = "EnvError";
}

/**
 * Parses an environment record (process.env, or a test's own). An empty or blank variable
 * means "not set", as in most shells' habits (FOO= command); values are trimmed. The error
 * names each bad variable and the rule it breaks, never the value (a URL can hold a password).
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const given: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    const trimmed = value?.trim();
    if (trimmed) given[name] = trimmed;
  }
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} (${issue.message})`).join(", ");
    throw new EnvError(`Invalid environment variables: ${problems}`);
  }
  return parsed.data;
}

let cached: Env | undefined;

/** The process's environment, parsed on first use and then kept. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function isProduction(): boolean {
  return getEnv().APP_MODE === "production";
}

/** The only part of the environment that reaches the browser. */
export function publicEnv(): { quickExitUrl: string } {
  return { quickExitUrl: getEnv().QUICK_EXIT_URL };
}
