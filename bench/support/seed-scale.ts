/**
 * Seeds realistic volume next to the demo data, before the server starts: 10,000 members in
 * the demo member's district, each with keys, a vault, a session and a share to the demo
 * social worker; 100,000 identity access-log rows, 1,000 of them about the demo member; the
 * demo member's vault shared with worker_li; 5,000 mutual-aid groups spread over the demo
 * districts, led by the demo leader, with 20,000 weekly, fortnightly and monthly meetings at
 * every day and time and in every format (issue 16's finder benchmark). Values only have to
 * pass the tables' format checks: nobody can sign in as these members.
 */
import pg from "pg";

/** The database the portal made (migrated and seeded by its first start); the portal is stopped meanwhile. */
export type ScaleTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export type ScaleSummary = { members: number; accessLogRows: number; shares: number; groups: number; meetings: number };

export const DEMO_MEMBER = "d0000000-0000-4000-8000-000000000005"; // xiaoming
export const DEMO_WORKER = "d0000000-0000-4000-8000-000000000002"; // worker_li
const DISTRICTS = ["440106", "440104", "513401", "420106"].map((code) => `'a0000000-0000-4000-8000-000000${code}'::uuid`);
/** The demo member's district. */
export const TIANHE = "a0000000-0000-4000-8000-000000440106";
const B64_107 = "A".repeat(107);
const B64_96 = "A".repeat(96);
const B64_43 = "A".repeat(43);

export async function seedAtScale(target: ScaleTarget, members = 10_000, accessLogRows = 100_000, groups = 5_000): Promise<ScaleSummary> {
  await runSeedStatements(target, [...scaleStatements(members, accessLogRows), ...groupStatements(groups, members)]);
  return { members, accessLogRows, shares: members, groups, meetings: groups * MEETINGS_PER_GROUP };
}

/**
 * Runs seeding statements in one transaction on the stopped portal's database, then vacuums and
 * refreshes the planner's statistics: the database as autovacuum leaves it (visibility maps set,
 * so index-only scans), and no autovacuum of the new rows during the measured rounds.
 */
export async function runSeedStatements(target: ScaleTarget, statements: readonly string[]): Promise<void> {
  if (target.kind === "postgres") {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query("begin");
      for (const statement of statements) await client.query(statement);
      await client.query("commit");
      await client.query("vacuum analyze");
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
      await db.exec("vacuum analyze");
    } finally {
      await db.close();
    }
  }
}

const MEETINGS_PER_GROUP = 4;

/**
 * Groups and their meetings; each meeting's day, hour, frequency and format vary with its number.
 * Group n is led by bench member n, as groups are led in life (a few each), so the planner's
 * statistics are those of a real portal: with one leader for every group it reads whole tables
 * for "my groups", which no real database would make it do.
 */
function groupStatements(groups: number, members: number): string[] {
  if (groups > members) throw new Error("groupStatements: each group needs a bench member to lead it");
  const groupId = (n: string) => `('f0000000-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;
  const meetings = groups * MEETINGS_PER_GROUP;
  return [
    `insert into public.groups (id, name, description, area_id, languages, created_by)
     select ${groupId("n")}, '互助小组 ' || n, '', (array[${DISTRICTS.join(", ")}])[1 + n % ${DISTRICTS.length}],
            case when n % 5 = 0 then '{yue,zh-CN}'::text[] else '{zh-CN}'::text[] end, ${memberIdSql("n")}
     from generate_series(1, ${groups}) n`,
    `insert into public.group_leaders (group_id, member_id, kind, added_by)
     select ${groupId("n")}, ${memberIdSql("n")}, 'leader', ${memberIdSql("n")} from generate_series(1, ${groups}) n`,
    `insert into public.meetings (id, group_id, name, starts_on, start_time, duration_minutes, frequency, monthly_week, attendance_mode, types, capacity, created_by)
     select ('f1000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, ${groupId(`(1 + n % ${groups})`)}, '聚会 ' || n,
            current_date + (n % 7), make_time(7 + n % 14, (n % 4) * 15, 0), 90,
            (array['weekly', 'weekly', 'biweekly', 'monthly'])[1 + n % 4], case when n % 4 = 3 then 1 else null end,
            (array['in_person', 'online', 'hybrid'])[1 + n % 3], '{O,D}', case when n % 2 = 0 then 20 else null end, ${memberIdSql(`(1 + n % ${groups})`)}
     from generate_series(1, ${meetings}) n`,
    `insert into public.meeting_private_details (meeting_id, address, conference_link)
     select ('f1000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, '某社区服务中心 ' || n || ' 号活动室', ''
     from generate_series(1, ${meetings}) n`,
  ];
}

/** Bench member ids start with this unless a bench asks for members of its own (another 8 hex digits). */
const MEMBER_ID_PREFIX = "e0000000";
export const memberIdSql = (n: string, prefix = MEMBER_ID_PREFIX) => `('${prefix}-0000-4000-8000-' || lpad(${n}::text, 12, '0'))::uuid`;

/** Bench member n's id (1-based), as memberStatements makes it. */
export const benchMemberId = (n: number) => `${MEMBER_ID_PREFIX}-0000-4000-8000-${String(n).padStart(12, "0")}`;

/**
 * Members 1 to `members` in the demo member's district: an account and a profile each, as the
 * demo seed makes them. `prefix` keeps one bench's members apart from another's in the same database.
 */
export function memberStatements(members: number, prefix = MEMBER_ID_PREFIX): string[] {
  const series = `from generate_series(1, ${members}) n`;
  const handle = prefix === MEMBER_ID_PREFIX ? "'bench_' || n" : `'bench_${prefix.slice(0, 2)}_' || n`;
  return [
    `insert into auth.users (id, instance_id, aud, role, encrypted_password)
     select ${memberIdSql("n", prefix)}, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
            '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' ${series}`,
    `insert into public.profiles (id, handle, handle_key, locale, area_id)
     select ${memberIdSql("n", prefix)}, ${handle}, ${handle}, 'zh-CN', '${TIANHE}'::uuid ${series}`,
  ];
}

function scaleStatements(members: number, accessLogRows: number): string[] {
  const id = memberIdSql;
  const series = `from generate_series(1, ${members}) n`;
  return [
    ...memberStatements(members),
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
