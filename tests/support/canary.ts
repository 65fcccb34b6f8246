import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
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
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Where each secret turns up among these files (raw bytes, UTF-8). */
export function findInFiles(files: string[], secrets: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const secret of secrets) if (bytes.includes(Buffer.from(secret))) found.push(`${file}: ${secret}`);
  }
  return found;
}

/** Every text form a browser could have sent a secret in. */
export function encodings(secret: string): string[] {
  return [secret, encodeURIComponent(secret), secret.replaceAll(" ", "+"), JSON.stringify(secret).slice(1, -1)];
}
