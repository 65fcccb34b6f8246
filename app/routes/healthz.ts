import { getDatabase } from "~/data/db.server";

/** Ready once the database is open, migrated and (locally) seeded. */
export async function loader() {
  await getDatabase();
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
