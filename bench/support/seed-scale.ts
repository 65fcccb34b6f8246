/**
 * Seeds realistic volume next to the demo data, before the server starts: 10,000 members in
 * the demo member's district, each with keys, a vault, a session and a share to the demo
 * social worker; 100,000 identity access-log rows, 1,000 of them about the demo member; the
 * demo member's vault shared with worker_li. Values only have to pass the tables' format
 * checks: nobody can sign in as these members.
 */
import { sql } from "kysely";
import { createDatabase, type EngineOptions } from "../../app/data/db.server";
import { asSystem } from "../../app/data/rls.server";

export type ScaleSummary = { members: number; accessLogRows: number; shares: number };

const DEMO_MEMBER = "d0000000-0000-4000-8000-000000000005"; // xiaoming
const DEMO_WORKER = "d0000000-0000-4000-8000-000000000002"; // worker_li
const TIANHE = "a0000000-0000-4000-8000-000000440106";
const B64_107 = "A".repeat(107);
const B64_43 = "A".repeat(43);

export async function seedAtScale(engine: EngineOptions, members = 10_000, accessLogRows = 100_000): Promise<ScaleSummary> {
  const db = await createDatabase({ engine, mode: "local" });
  try {
    await asSystem(db, "bench: seed at scale", async (trx) => {
      await sql`
        insert into auth.users (id, instance_id, aud, role, encrypted_password)
        select ('e0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, '00000000-0000-0000-0000-000000000000',
               'authenticated', 'authenticated', '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
        from generate_series(1, ${members}) n`.execute(trx);
      await sql`
        insert into public.profiles (id, handle, handle_key, locale, area_id)
        select ('e0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'bench_' || n, 'bench_' || n, 'zh-CN', ${TIANHE}::uuid
        from generate_series(1, ${members}) n`.execute(trx);
      await sql`
        insert into public.user_keys (user_id, kdf_salt, kdf_opslimit, kdf_memlimit, public_key, wrapped_private_key)
        select ('e0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'AAAAAAAAAAAAAAAAAAAAAA', 3, 67108864, ${B64_43}, 'v1.xc20p.AAAA.AAAA'
        from generate_series(1, ${members}) n`.execute(trx);
      await sql`
        insert into public.identity_vaults (user_id, ciphertext, owner_sealed_key, key_version)
        select ('e0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'v1.xc20p.AAAA.AAAA', ${`v1.sealed.${B64_107}`}, 1
        from generate_series(1, ${members}) n`.execute(trx);
      await sql`
        insert into public.identity_shares (owner_id, recipient_id, purpose, sealed_key, key_version, expires_at)
        select ('e0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, ${DEMO_WORKER}::uuid, 'area_support', ${`v1.sealed.${B64_107}`}, 1, now() + interval '90 days'
        from generate_series(1, ${members}) n`.execute(trx);
      await sql`
        insert into private.sessions (token_hash, user_id, expires_at)
        select encode(sha256(('bench-session-' || n)::bytea), 'hex'), ('e0000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, now() + interval '7 days'
        from generate_series(1, ${members}) n`.execute(trx);
      await sql`
        insert into public.identity_access_log (owner_id, accessor_id, share_id, purpose, accessed_at)
        select case when n <= 1000 then ${DEMO_MEMBER}::uuid else ('e0000000-0000-4000-8000-' || lpad((1 + n % ${members})::text, 12, '0'))::uuid end,
               ${DEMO_WORKER}::uuid, gen_random_uuid(), 'area_support', now() - (n || ' minutes')::interval
        from generate_series(1, ${accessLogRows}) n`.execute(trx);
    });
    await sql`analyze`.execute(db);
  } finally {
    await db.destroy();
  }
  return { members, accessLogRows, shares: members };
}
