/**
 * The national telephone lines the crisis page lists, the same everywhere in the country.
 * Each has a kind the page words (what the line is for) and a number to dial. Area lines
 * (a district's drug-rehabilitation or counselling line), edited by admins, are a later step.
 */
export type HotlineKind = "mentalHealth" | "health" | "ambulance" | "police";

export type Hotline = { kind: HotlineKind; number: string };

/** Most useful first: someone to talk to, then health advice, then emergencies. */
export const NATIONAL_HOTLINES: readonly Hotline[] = [
  { kind: "mentalHealth", number: "12356" },
  { kind: "health", number: "12320" },
  { kind: "ambulance", number: "120" },
  { kind: "police", number: "110" },
];

/** A number as a `tel:` address (digits and + only). */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, "")}`;
}

/** The calm steps for the next ten minutes, in order (their words are in the locale files). */
export const NEXT_TEN_MINUTES = ["breathe", "safePlace", "water", "callSomeone", "wait"] as const;
