import { asSystem } from "~/data/rls.server";
import { getDatabase } from "~/data/db.server";
import { getOrCreateServerSecret } from "~/data/server-secret.server";

/**
 * A random secret made at first start and kept in the database, so every app
 * instance shares it and nothing has to be configured by hand.
 */
let cached: Promise<string> | undefined;

export function getServerSecret(): Promise<string> {
  const secret = cached ?? getDatabase().then((db) => asSystem(db, "read server secret", (trx) => getOrCreateServerSecret(trx)));
  cached = secret;
  return secret;
}
