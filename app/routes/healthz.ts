import { isDatabaseOpen } from "~/data/db.server";

/**
 * Readiness for load balancers and the test harness: 200 once the database is open,
 * migrated and (locally) seeded; 503 before that and after shutdown has closed it. It
 * never opens the database itself (the server does that before it listens) and runs no
 * query, so it stays as cheap as a bare page.
 */
export function loader() {
  const ready = isDatabaseOpen();
  return new Response(ready ? "ok" : "not ready", {
    status: ready ? 200 : 503,
    headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
  });
}
