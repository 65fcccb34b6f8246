import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SUPABASE_TEST_URL, supabaseAuthHandlers, type FakeAuthUser } from "./supabase-auth";

const member: FakeAuthUser = { id: "8f0c0f57-5a9c-4a61-9a0e-1d1f0c3b2a10", email: "h-xiaoming@users.invalid", password: "derived-auth-key" };
const users = [member];
const server = setupServer(...supabaseAuthHandlers(users));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function passwordGrant(email: string, password: string) {
  return fetch(`${SUPABASE_TEST_URL}/auth/v1/token?grant_type=password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
}

describe("Supabase Auth mocks (msw)", () => {
  it("answers the health check as GoTrue does", async () => {
    const reply = await fetch(`${SUPABASE_TEST_URL}/auth/v1/health`);
    expect(await reply.json()).toMatchObject({ name: "GoTrue" });
  });

  it("signs in a known user with the password grant and refuses a wrong password", async () => {
    const ok = await passwordGrant(member.email, member.password);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: "bearer", user: { id: member.id, role: "authenticated" } });
    const wrong = await passwordGrant(member.email, "another key");
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error_code: "invalid_credentials" });
  });

  it("fails a test that reaches a third party nobody mocked", async () => {
    await expect(fetch("http://unmocked.test/anything")).rejects.toThrow();
  });
});
