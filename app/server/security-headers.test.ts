import { describe, expect, it } from "vitest";
import { securityHeaders } from "./security-headers";

describe("security headers", () => {
  const local = securityHeaders({ nonce: "abc123", production: false, devServer: false });
  const production = securityHeaders({ nonce: "abc123", production: true, devServer: false });
  const dev = securityHeaders({ nonce: "abc123", production: false, devServer: true });

  it("allow scripts only from our origin or with this response's nonce", () => {
    const csp = local["Content-Security-Policy"] ?? "";
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toMatch(/https?:|\*\./);
    for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(directive);
    }
  });
  it("deny framing, sniffing, referrers and the location, camera and microphone APIs", () => {
    expect(local["X-Frame-Options"]).toBe("DENY");
    expect(local["X-Content-Type-Options"]).toBe("nosniff");
    expect(local["Referrer-Policy"]).toBe("no-referrer");
    for (const feature of ["geolocation=()", "camera=()", "microphone=()"]) expect(local["Permissions-Policy"]).toContain(feature);
  });
  it("add HSTS and upgrade requests in production only", () => {
    expect(local["Strict-Transport-Security"]).toBeUndefined();
    expect(production["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
    expect(production["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });
  it("relax styles and sockets for Vite's dev server only", () => {
    expect(dev["Content-Security-Policy"]).toContain("style-src 'self' 'unsafe-inline'");
    expect(production["Content-Security-Policy"]).toContain("style-src 'self'; ");
  });
});
