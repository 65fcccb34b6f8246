/** Demo accounts from supabase/seed.sql (documented in the README; local use only). */
export const DEMO = {
  admin: { handle: "admin", passphrase: "demo admin passphrase" },
  /** Serves Xichang, where no other journey shares: the busy worker of the shares' pages. */
  workerWang: { id: "d0000000-0000-4000-8000-000000000003", handle: "worker_wang", passphrase: "demo worker passphrase" },
  workerLi: { handle: "worker_li", passphrase: "demo worker passphrase", card: { displayName: "李敏", organisation: "天河区阳光社工服务站" } },
  member: { handle: "xiaoming", passphrase: "demo member passphrase" },
  leader: { handle: "leader_chen", passphrase: "demo leader passphrase" },
} as const;

/** Areas from supabase/seed.sql, each as the path a step-by-step picker takes (province, city, district). */
export const DEMO_AREAS = {
  tianhe: ["a0000000-0000-4000-8000-000000440000", "a0000000-0000-4000-8000-000000440100", "a0000000-0000-4000-8000-000000440106"],
  yuexiu: ["a0000000-0000-4000-8000-000000440000", "a0000000-0000-4000-8000-000000440100", "a0000000-0000-4000-8000-000000440104"],
  guangzhou: ["a0000000-0000-4000-8000-000000440000", "a0000000-0000-4000-8000-000000440100"],
  xichang: ["a0000000-0000-4000-8000-000000510000", "a0000000-0000-4000-8000-000000513400", "a0000000-0000-4000-8000-000000513401"],
  wuchang: ["a0000000-0000-4000-8000-000000420000", "a0000000-0000-4000-8000-000000420100", "a0000000-0000-4000-8000-000000420106"],
} as const;
