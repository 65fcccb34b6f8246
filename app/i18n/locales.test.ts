import { LOCALES } from "~/domain/accounts/locales";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createI18n, resources } from "./config";

function flattenKeys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flattenKeys(child, prefix ? `${prefix}.${key}` : key));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("translations", () => {
  const keySets = LOCALES.map((language) => new Set(flattenKeys(resources[language].common)));

  it("have exactly the same keys in every language", () => {
    const [first, ...rest] = keySets;
    for (const [index, keys] of rest.entries()) {
      const language = LOCALES[index + 1];
      expect([...keys].filter((key) => !first?.has(key)), `only in ${language}`).toEqual([]);
      expect([...(first ?? [])].filter((key) => !keys.has(key)), `missing in ${language}`).toEqual([]);
    }
  });

  it("have no empty strings", () => {
    for (const language of LOCALES) {
      const i18n = createI18n(language);
      for (const key of keySets[0] ?? []) expect(i18n.t(key), `${language}:${key}`).not.toBe("");
    }
  });

  it("cover every key the code names literally", () => {
    const known = keySets[0] ?? new Set<string>();
    // t("…") calls, and any literal message key ("errors.…") passed around as a value.
    const pattern = /(?:\bt\(["'`]([a-zA-Z]+\.[A-Za-z0-9_.]+)["'`])|(?:["'`](errors\.[A-Za-z0-9_.]+)["'`])/g;
    const missing: string[] = [];
    for (const file of sourceFiles(path.resolve("app"))) {
      for (const match of readFileSync(file, "utf8").matchAll(pattern)) {
        const key = match[1] ?? match[2] ?? "";
        if (!key.endsWith(".") && !known.has(key)) missing.push(`${path.relative(".", file)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("covers every problem a handle or passphrase check can name", async () => {
    const known = keySets[0] ?? new Set<string>();
    for (const problem of ["required", "tooShort", "tooLong", "characters"]) {
      expect(known.has(`errors.handle.${problem}`)).toBe(true);
      expect(known.has(`errors.passphrase.${problem}`)).toBe(true);
    }
    expect(known.has("errors.passphrase.mismatch")).toBe(true);
  });
});
