/**
 * The portal's translate function (decision 020): a key names one string in the language's
 * messages; "{{name}}" in it is filled from the call's values, then from the defaults every
 * message may name (the rules' limits). Nothing else: no plurals (every count the portal
 * shows reads naturally as "days left: {{count}}"), no nesting, no formatting, no language
 * switch (another language is another page with another translator).
 */
export type Messages = { [key: string]: string | Messages };

/** What a message's placeholders are filled with. */
export type TranslateValues = Readonly<Record<string, string | number | null | undefined>>;

/** Text for a key; the key itself when no message has it, so a gap shows and is found. */
export type TFunction = (key: string, values?: TranslateValues) => string;

export interface Translator<Language extends string = string> {
  readonly language: Language;
  readonly t: TFunction;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Every string in a tree by its dotted key: "identity.title" → "Identity". */
export function flattenMessages(messages: Messages, prefix = "", into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") into.set(path, value);
    else flattenMessages(value, path, into);
  }
  return into;
}

/**
 * A translator over one language's messages. A value given as null or undefined empties its
 * placeholder; a placeholder neither the call nor the defaults name stays as written.
 */
export function createTranslator<Language extends string>(
  language: Language,
  messages: Messages,
  defaults: TranslateValues = {},
): Translator<Language> {
  const strings = flattenMessages(messages);
  const fill = (text: string, values: TranslateValues) =>
    text.replace(PLACEHOLDER, (whole, name: string) => {
      if (Object.hasOwn(values, name)) return String(values[name] ?? "");
      if (Object.hasOwn(defaults, name)) return String(defaults[name] ?? "");
      return whole;
    });
  const t: TFunction = (key, values = {}) => {
    const text = strings.get(key);
    if (text === undefined) return key;
    return text.includes("{{") ? fill(text, values) : text;
  };
  return { language, t };
}
