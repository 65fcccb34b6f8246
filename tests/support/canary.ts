import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { nationalIdChecksumDigit } from "~/domain/identity/identity-fields";

const randomInt = (below: number) => Math.floor(Math.random() * below);
const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join("");
const hanzi = (count: number) => Array.from({ length: count }, () => String.fromCodePoint(0x4e00 + randomInt(0x5000))).join("");

/** Valid identity fields, each unique enough that finding it anywhere means it leaked. */
export function identityCanaries() {
  const first17 = `440106${1950 + randomInt(50)}0${1 + randomInt(9)}1${randomInt(9)}${digits(3)}`;
  return {
    legalName: `金${hanzi(7)}`,
    phone: `139${digits(8)}`,
    nationalId: `${first17}${nationalIdChecksumDigit(first17)}`,
    address: `广州市天河区${hanzi(8)}路${digits(3)}号`,
    dateOfBirth: `19${50 + randomInt(40)}-0${1 + randomInt(9)}-1${randomInt(9)}`,
    emergencyContactName: `林${hanzi(6)}`,
    emergencyContactPhone: `138${digits(8)}`,
  };
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const stats = statSync(full, { throwIfNoEntry: false });
    if (stats === undefined) return [];
    return stats.isDirectory() ? filesUnder(full) : [full];
  });
}

/** A live server's file, or null if the server removed it since it was listed (it holds nothing then). */
function readIfStillThere(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Where each secret turns up among these files (raw bytes, UTF-8). */
export function findInFiles(files: string[], secrets: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const bytes = readIfStillThere(file);
    if (bytes === null) continue;
    for (const secret of secrets) if (bytes.includes(Buffer.from(secret))) found.push(`${file}: ${secret}`);
  }
  return found;
}

/** Every text form a browser could have sent a secret in. */
export function encodings(secret: string): string[] {
  return [secret, encodeURIComponent(secret), secret.replaceAll(" ", "+"), JSON.stringify(secret).slice(1, -1)];
}

const TABLES = "select schemaname, tablename from pg_tables where schemaname not in ('pg_catalog', 'information_schema')";
const tableRows = (schema: string, table: string) => `select t::text as row from "${schema}"."${table}" t`;

/**
 * A logical dump of the server's database: every row of every table, as text, so
 * values Postgres stores compressed are searched decompressed too. On PostgreSQL it
 * reads over a connection; on PGlite (one process per directory) from a copy of
 * the live directory.
 */
export async function dumpServerDatabase(where: { dataDir: string; databaseUrl: string | null }): Promise<string> {
  const rows: string[] = [];
  if (where.databaseUrl) {
    const client = new pg.Client({ connectionString: where.databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ schemaname: string; tablename: string }>(TABLES);
      for (const { schemaname, tablename } of tables.rows) {
        const result = await client.query<{ row: string }>(tableRows(schemaname, tablename));
        rows.push(...result.rows.map((r) => `${schemaname}.${tablename} ${r.row}`));
      }
    } finally {
      await client.end();
    }
    return rows.join("\n");
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const copy = mkdtempSync(path.join(tmpdir(), "tongxing-dump-"));
  cpSync(where.dataDir, copy, { recursive: true });
  const db = new PGlite(copy);
  try {
    const tables = await db.query<{ schemaname: string; tablename: string }>(TABLES);
    for (const { schemaname, tablename } of tables.rows) {
      const result = await db.query<{ row: string }>(tableRows(schemaname, tablename));
      rows.push(...result.rows.map((r) => `${schemaname}.${tablename} ${r.row}`));
    }
    return rows.join("\n");
  } finally {
    await db.close();
    rmSync(copy, { recursive: true, force: true });
  }
}
