/**
 * The session's tab key over HTTP, as a script or another site would ask for it: only a
 * signed-in session gets one, always its own and the same one; it is gone with the session;
 * other sites are refused. Ending a session asks the browser to clear the site's storage
 * (and, on quick exit, its cookies), never its cache.
 */
import { describe, expect, inject, it } from "vitest";
import { DEMO } from "../support/demo-accounts";
import { newClient, signedInClient, type HttpClient } from "../support/http-client";

const baseUrl = inject("baseUrl");

async function tabKey(client: HttpClient, headers: Record<string, string> = {}): Promise<{ status: number; tabKey?: string }> {
  const response = await fetch(`${baseUrl}/api/session/tab-key`, { headers: { cookie: `tx_session=${client.cookie("tx_session") ?? ""}`, ...headers } });
  const body = (await response.json()) as { tabKey?: string };
  expect(response.headers.get("cache-control")).toBe("no-store");
  return { status: response.status, tabKey: body.tabKey };
}

describe("session tab key", () => {
  it("is each session's own, stable, refused to others, and gone after sign-out", async () => {
    const visitor = await newClient(baseUrl);
    expect((await tabKey(visitor)).status).toBe(401);

    const first = await signedInClient(baseUrl, DEMO.member);
    const second = await signedInClient(baseUrl, DEMO.member);
    const key = await tabKey(first, { "sec-fetch-site": "same-origin" });
    expect(key.status).toBe(200);
    expect(key.tabKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await tabKey(first)).tabKey).toBe(key.tabKey);
    expect((await tabKey(second)).tabKey).not.toBe(key.tabKey);
    for (const site of ["cross-site", "same-site"]) expect((await tabKey(first, { "sec-fetch-site": site })).status).toBe(403);

    const cookie = first.cookie("tx_session") ?? "";
    const out = await first.post("/sign-out", {});
    expect(out.status).toBe(302);
    expect(out.headers.get("clear-site-data")).toBe('"storage"');
    first.setCookie("tx_session", cookie); // a copy of the old cookie
    expect((await tabKey(first)).status).toBe(401);

    const secondCookie = second.cookie("tx_session") ?? "";
    const left = await second.get("/exit");
    expect(left.status).toBe(303);
    expect(left.headers.get("clear-site-data")).toBe('"cookies", "storage"');
    second.setCookie("tx_session", secondCookie);
    expect((await tabKey(second)).status).toBe(401);
  });
});
