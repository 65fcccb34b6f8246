import { z } from "zod";

/**
 * The whole environment, checked once at start. Every variable is optional:
 * with none set, the portal runs locally on the embedded database with demo data.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** "production" hardens cookies and headers and refuses demo data. */
  APP_MODE: z.enum(["local", "production"]).default("local"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** A libpq-style URL; unix-socket forms (postgresql://user@/db?host=/run/postgresql) included. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/).optional(),
  /** "supabase" when DATABASE_URL is Supabase's Postgres (it provides the auth schema itself). */
  DATABASE_FLAVOR: z.enum(["postgres", "supabase"]).default("postgres"),
  PGLITE_DIR: z.string().min(1).optional(),
  /** Trust X-Forwarded-For from this many proxies (0 = use the socket address). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  /** Where quick exit sends the member: an ordinary, neutral site. */
  QUICK_EXIT_URL: z.string().url().default("https://www.baidu.com/"),
  /** Scales the per-client (not per-handle) rate limits; tests from one address raise it. */
  RATE_LIMIT_CLIENT_MULTIPLIER: z.coerce.number().int().min(1).max(1000).default(1),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  // An empty variable means "not set", as in most shells' habits (FOO= command).
  const given = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = EnvSchema.safeParse(given);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
    throw new Error(`Invalid environment variables: ${names}`);
  }
  if (parsed.data.APP_MODE === "production" && !parsed.data.DATABASE_URL) {
    throw new Error("APP_MODE=production needs DATABASE_URL (the embedded database is for local use)");
  }
  cached = parsed.data;
  return cached;
}

export function isProduction(): boolean {
  return getEnv().APP_MODE === "production";
}

/** The only part of the environment that reaches the browser. */
export function publicEnv(): { quickExitUrl: string } {
  return { quickExitUrl: getEnv().QUICK_EXIT_URL };
}
