/**
 * Seeds realistic volume next to the demo data, before the server starts: 10,000 members in
 * the demo member's district, each with keys, a vault, a session and a share to the demo
 * social worker; 100,000 identity access-log rows, 1,000 of them about the demo member; the
 * demo member's vault shared with worker_li. Values only have to pass the tables' format
 * checks: nobody can sign in as these members.
 */
import pg from "pg";

/** The database the portal made (migrated and seeded by its first start); the portal is stopped meanwhile. */
export type ScaleTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export type ScaleSummary = { members: number; accessLogRows: number; shares: number };

const DEMO_MEMBER = "d0000000-0000-4000-8000-000000000005"; // xiaoming
const DEMO_WORKER = "d0000000-0000-4000-8000-000000000002"; // worker_li
const TIANHE = "a0000000-0000-4000-8000-000000440106";
const B64_107 = "A".repeat(107);
const B64_96 = "A".repeat(96);
const B64_43 = "A".repeat(43);

export async function seedAtScale(target: ScaleTarget, members = 10_000, accessLogRows = 100_000): Promise<ScaleSummary> {
  const statements = scaleStatements(members, accessLogRows);
  if (target.kind === "postgres") {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query("begin");
      for (const statement of statements) await client.query(statement);
      await client.query("commit");
      await client.query("analyze");
    } finally {
      await client.end();
    }
  } else {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create({ dataDir: target.dataDir });
    try {
      await db.transaction(async (tx) => {
        for (const statement of statements) await tx.exec(statement);
      });
      await db.exec("analyze");
    } finally {
      await db.close();
    }
  }
  return { members, accessLogRows, shares: members };
}

function scaleStatements(members: number, accessLogRows: number): string[] {
  const id = (n: string) => `('e0000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
  const series = `from generate_series(1, ${members}) n`;
  return [
    `insert into auth.users (id, instance_id, aud, role, encrypted_password)
     select ${id("n")}, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
            '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' ${series}`,
    `insert into public.profiles (id, handle, handle_key, locale, area_id)
     select ${id("n")}, 'bench_' || n, 'bench_' || n, 'zh-CN', '${TIANHE}'::uuid ${series}`,
    `insert into public.user_keys (user_id, kdf_salt, kdf_opslimit, kdf_memlimit, public_key, wrapped_private_key)
     select ${id("n")}, 'AAAAAAAAAAAAAAAAAAAAAA', 3, 67108864, '${B64_43}', 'v1.xc20p.AAAA.AAAA' ${series}`,
    `insert into public.identity_vaults (user_id, ciphertext, owner_sealed_key, key_version)
     select ${id("n")}, 'v1.xc20p.AAAA.AAAA', 'v2.box.${B64_96}', 1 ${series}`,
    `insert into public.identity_shares (owner_id, recipient_id, purpose, sealed_key, key_version, expires_at)
     select ${id("n")}, '${DEMO_WORKER}'::uuid, 'area_support', 'v1.sealed.${B64_107}', 1, now() + interval '90 days' ${series}`,
    `insert into private.sessions (token_hash, user_id, expires_at)
     select encode(sha256(('bench-session-' || n)::bytea), 'hex'), ${id("n")}, now() + interval '7 days' ${series}`,
    `insert into public.identity_access_log (owner_id, accessor_id, share_id, purpose, accessed_at)
     select case when n <= 1000 then '${DEMO_MEMBER}'::uuid else ${id(`(1 + n % ${members})`)} end,
            '${DEMO_WORKER}'::uuid, gen_random_uuid(), 'area_support', now() - (n || ' minutes')::interval
     from generate_series(1, ${accessLogRows}) n`,
  ];
}
