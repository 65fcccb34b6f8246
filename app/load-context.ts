import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This response's CSP nonce, for the inline scripts Remix renders. */
    cspNonce: string;
    /** The client's address as the proxy chain allows us to trust it; used for rate limits only. */
    clientAddress: string;
    /**
     * Values worked out once per HTTP request and shared by every loader of it (Remix hands
     * each loader its own copy of the Request, so a cache keyed by Request would miss).
     */
    requestMemo: Map<symbol, unknown>;
  }
  // Types for single fetch (remix.config.js turns it on).
  interface Future {
    v3_singleFetch: true;
  }
}
