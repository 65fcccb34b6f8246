/** Demo accounts from supabase/seed.sql (documented in the README; local use only). */
export const DEMO = {
  admin: { handle: "admin", passphrase: "demo admin passphrase" },
  workerLi: { handle: "worker_li", passphrase: "demo worker passphrase" },
  member: { handle: "xiaoming", passphrase: "demo member passphrase" },
} as const;
