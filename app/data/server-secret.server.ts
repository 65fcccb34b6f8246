/**
 * The server secret (private.settings 'server_secret'): 32 random bytes as hex, generated
 * once at first start and the same for every instance sharing the database. Used, for
 * example, to derive stable fake KDF salts for unknown handles (ADR 001).
 */
import { randomBytes } from "node:crypto";
import type { SystemTx } from "./rls.server";

const KEY = "server_secret";

export async function getOrCreateServerSecret(trx: SystemTx): Promise<string> {
  await trx
    .insertInto("private.settings")
    .values({ key: KEY, value: randomBytes(32).toString("hex") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await trx.selectFrom("private.settings").select("value").where("key", "=", KEY).executeTakeFirstOrThrow();
  return row.value;
}
