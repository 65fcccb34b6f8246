import { LOCALES } from "~/domain/accounts/locales";
import { HANDLE_MAX, HANDLE_MIN } from "~/domain/accounts/handle";
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from "~/domain/accounts/passphrase";
import { IDENTITY_FIELD_MAX_LENGTH } from "~/domain/identity/identity-fields";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { i18nFor, localeFiles, messages } from "./all-messages";
import { assembleLocales, localeFilePath } from "./assemble-locales";

function flattenKeys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flattenKeys(child, prefix ? `${prefix}.${key}` : key));
}

/** Leaves as [key, value] pairs, keys relative to the object. */
function flattenEntries(value: unknown, prefix = ""): Array<[string, unknown]> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => flattenEntries(child, prefix ? `${prefix}.${key}` : key));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const localesDir = path.resolve("app/i18n/locales");

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return jsonFiles(full);
    return name.endsWith(".json") ? [full] : [];
  });
}

/** The locale files as they are on disk, read without Vite: "en/identity.json" → parsed content. */
const onDisk = new Map(
  jsonFiles(localesDir).map((full) => [path.relative(localesDir, full).split(path.sep).join("/"), JSON.parse(readFileSync(full, "utf8")) as unknown]),
);

/** The files of one language by their path below the language folder ("errors/share.json"). */
function filesOf(language: string): Map<string, unknown> {
  const prefix = `${language}/`;
  return new Map([...onDisk].filter(([file]) => file.startsWith(prefix)).map(([file, content]) => [file.slice(prefix.length), content]));
}

/** "errors/share.json" → "errors.share": the key its contents sit under. */
function mountOf(file: string): string {
  return file.replace(/\.json$/, "").split("/").join(".");
}

/** Every key of one language with the file that defines it ("errors.share.gone" → "errors/share.json"). */
function keysByFile(language: string): Array<{ key: string; file: string; value: unknown }> {
  return [...filesOf(language)].flatMap(([file, content]) =>
    flattenEntries(content).map(([key, value]) => ({ key: `${mountOf(file)}.${key}`, file, value })),
  );
}

function placeholders(text: unknown): string[] {
  if (typeof text !== "string") return [];
  return [...new Set([...text.matchAll(/{{\s*([^},\s]+)[^}]*}}/g)].map((match) => match[1] ?? ""))].sort();
}

describe("translations", () => {
  const keySets = LOCALES.map((language) => new Set(flattenKeys(messages[language])));

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
      const i18n = i18nFor(language);
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

  it("cover every key prefix the code completes at run time (t(`identity.fields.${field}`))", () => {
    const pattern = /\bt\(`([a-zA-Z]+(?:\.[A-Za-z0-9_]+)*)\.\$\{/g;
    const missing: string[] = [];
    for (const file of sourceFiles(path.resolve("app"))) {
      for (const match of readFileSync(file, "utf8").matchAll(pattern)) {
        const prefix = match[1] ?? "";
        for (const language of LOCALES) {
          let node: unknown = messages[language];
          for (const segment of prefix.split(".")) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
          if (typeof node !== "object" || node === null) missing.push(`${path.relative(".", file)}: ${language}:${prefix}.*`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("locale files (decision 007)", () => {
  it("are all assembled: what the app loads is every file on disk", () => {
    expect(Object.keys(localeFiles).sort()).toEqual([...onDisk.keys()].sort());
    for (const language of LOCALES) {
      const fromFiles = keysByFile(language).map(({ key }) => key).sort();
      expect(flattenKeys(messages[language]).sort(), language).toEqual(fromFiles);
    }
  });

  it("are named <language>/<key>[/<key>].json, with plain key names", () => {
    const wrong = [...onDisk.keys()].filter((file) => localeFilePath(file) === null);
    expect(wrong, "a known language folder, then key names without dots").toEqual([]);
  });

  it("exist in every language with the same keys", () => {
    const names = new Set(LOCALES.flatMap((language) => [...filesOf(language).keys()]));
    const problems: string[] = [];
    for (const name of [...names].sort()) {
      const keysPer = LOCALES.map((language) => {
        const content = filesOf(language).get(name);
        if (content === undefined) problems.push(`${language}/${name}: missing`);
        return new Set(content === undefined ? [] : flattenKeys(content));
      });
      for (const [index, language] of LOCALES.entries()) {
        for (const [otherIndex, other] of LOCALES.entries()) {
          if (otherIndex === index) continue;
          const extra = [...(keysPer[index] ?? [])].filter((key) => !keysPer[otherIndex]?.has(key));
          if (extra.length && filesOf(other).has(name)) problems.push(`${name}: only in ${language}: ${extra.join(", ")}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("never define the same key twice (no file reaches into another's keys)", () => {
    const problems: string[] = [];
    for (const language of LOCALES) {
      const owner = new Map<string, string>();
      const entries = keysByFile(language);
      for (const { key, file } of entries) {
        const earlier = owner.get(key);
        if (earlier) problems.push(`${language}: ${key} in ${earlier} and ${file}`);
        owner.set(key, file);
      }
      // A string in one file where another file puts a subtree ("errors.share" as text and errors/share.json).
      for (const { key, file } of entries) {
        const parts = key.split(".");
        for (let length = 1; length < parts.length; length += 1) {
          const prefix = parts.slice(0, length).join(".");
          const holder = owner.get(prefix);
          if (holder) problems.push(`${language}: ${prefix} is a string in ${holder} and a subtree in ${file}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("hold only strings, none empty or blank", () => {
    const problems = LOCALES.flatMap((language) =>
      keysByFile(language)
        .filter(({ value }) => typeof value !== "string" || value.trim() === "")
        .map(({ key, file }) => `${language}/${file}: ${key}`),
    );
    expect(problems).toEqual([]);
  });

  it("use the same interpolation placeholders ({{handle}}) in every language", () => {
    const [first, ...rest] = LOCALES.map((language) => new Map(keysByFile(language).map((entry) => [entry.key, entry])));
    const problems: string[] = [];
    for (const [index, entries] of rest.entries()) {
      for (const [key, entry] of entries) {
        const reference = first?.get(key);
        if (!reference) continue; // reported by "exist in every language with the same keys"
        const expected = placeholders(reference.value).join(", ");
        const actual = placeholders(entry.value).join(", ");
        if (expected !== actual) problems.push(`${entry.file}: ${key}: ${LOCALES[0]} {${expected}} but ${LOCALES[index + 1]} {${actual}}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("limits in messages", () => {
  it("say the numbers the rules use, in every language, wherever the message is shown", () => {
    for (const language of LOCALES) {
      const { t } = i18nFor(language);
      expect(t("errors.handle.tooShort")).toContain(String(HANDLE_MIN));
      expect(t("errors.handle.tooLong")).toContain(String(HANDLE_MAX));
      expect(t("errors.passphrase.tooShort")).toContain(String(PASSPHRASE_MIN));
      expect(t("errors.passphrase.tooLong")).toContain(String(PASSPHRASE_MAX));
      // An identity field's limit is its own; the form passes it.
      expect(t("errors.identity.tooLong", { max: IDENTITY_FIELD_MAX_LENGTH.legalName })).toContain(String(IDENTITY_FIELD_MAX_LENGTH.legalName));
    }
  });
});

describe("assembleLocales", () => {
  it("puts a file's contents under the key its path names", () => {
    const trees = assembleLocales({
      "en/identity.json": { title: "Identity" },
      "en/errors/share.json": { gone: "Gone" },
      "en/errors/page.json": { title: "Error" },
      "zh-CN/identity.json": { title: "身份" },
    });
    expect(trees.en).toEqual({ identity: { title: "Identity" }, errors: { share: { gone: "Gone" }, page: { title: "Error" } } });
    expect(trees["zh-CN"]).toEqual({ identity: { title: "身份" } });
  });

  it("refuses two files defining the same key, whichever comes first", () => {
    expect(() => assembleLocales({ "en/errors.json": { share: { gone: "x" } }, "en/errors/share.json": { other: "y" } })).toThrow(
      /errors\.json and locales\/en\/errors\/share\.json both define errors\.share/,
    );
    expect(() => assembleLocales({ "en/errors/share.json": { gone: "y" }, "en/errors.json": { share: "x" } })).toThrow(/both define errors\.share/);
    expect(() => assembleLocales({ "en/errors.json": { page: { title: "x" } }, "en/errors/share.json": { gone: "y" } })).not.toThrow();
  });

  it("refuses unknown languages, dotted names and non-string leaves", () => {
    expect(() => assembleLocales({ "fr/identity.json": { title: "Identité" } })).toThrow(/fr\/identity\.json/);
    expect(() => assembleLocales({ "en/errors.share.json": { gone: "x" } })).toThrow(/plain key names/);
    expect(() => assembleLocales({ "en/identity.json": { title: 3 } })).toThrow(/leaves are strings/);
    expect(() => assembleLocales({ "en/identity.json": ["title"] })).toThrow(/leaves are strings/);
  });
});

describe("each language's own chunk (decision 020)", () => {
  it("holds exactly that language's messages, the same the server has", async () => {
    expect((await import("./messages/en")).default).toEqual(messages.en);
    expect((await import("./messages/zh-CN")).default).toEqual(messages["zh-CN"]);
  });
});
