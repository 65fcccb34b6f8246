import { createContext, useContext, type ReactNode } from "react";

/**
 * What a server render of one response knows about its inline scripts: the CSP nonce that
 * lets them run, and which shared scripts its HTML already defines. Browsers hide the nonce
 * from the DOM after load, and React never runs a script it renders there, so the browser's
 * render has neither (the default).
 */
type InlineScripts = { nonce: string; defined: Set<string> | null };

const InlineScriptsContext = createContext<InlineScripts>({ nonce: "", defined: null });

/** For entry.server.tsx: one per response. */
export function InlineScriptsProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <InlineScriptsContext.Provider value={{ nonce, defined: new Set() }}>{children}</InlineScriptsContext.Provider>;
}

export function useNonce(): string {
  return useContext(InlineScriptsContext).nonce;
}

/**
 * Whether this part of the page is the first to render the shared inline script `name`: the
 * first defines it and calls it, the ones after it only call it, so a page with several of
 * them does not repeat its text. Noted as the server renders, in document order (there is no
 * Suspense to reorder it); always false in the browser.
 */
export function useFirstToDefine(name: string): boolean {
  const { defined } = useContext(InlineScriptsContext);
  if (defined === null || defined.has(name)) return false;
  defined.add(name);
  return true;
}
