import type { Language } from "./config";

/** Vite's manifest of the client build (app/client-manifest.server.ts reads it). */
type ClientManifest = Readonly<Record<string, { file: string }>>;

/**
 * The built chunk of a language's messages (i18n/messages/<language>.ts), for the page to name
 * in a modulepreload link so that the browser fetches it with the page's own scripts rather
 * than once they run (decision 020). Null without a build.
 */
export function messagesAssetUrl(language: Language, manifest: ClientManifest): string | null {
  const entry = manifest[`app/i18n/messages/${language}.ts`];
  return entry ? `/${entry.file}` : null;
}
