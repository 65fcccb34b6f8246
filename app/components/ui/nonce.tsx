import { createContext, useContext } from "react";

/** The response's CSP nonce (server only; browsers hide it from the DOM after load). */
export const NonceContext = createContext<string>("");

export function useNonce(): string {
  return useContext(NonceContext);
}
