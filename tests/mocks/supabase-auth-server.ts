/**
 * The fake Supabase Auth of supabase-auth.ts as a real HTTP server, for a portal process
 * running in Supabase mode (msw intercepts only its own process's requests): each request is
 * answered by the same handlers through msw's getResponse. GoTrue's writes to auth.users are
 * made in the real database as GoTrue makes them, as supabase_auth_admin.
 *
 * Two extra paths let a test steer and watch it: GET /_fake/calls (what it was asked, as
 * "METHOD path") and POST /_fake/access-token-seconds (the lifetime of the tokens it signs).
 */
import { createServer, type IncomingMessage } from "node:http";
import { getResponse } from "msw";
import pg from "pg";
import { fakeSupabaseAuth, type FakeSupabaseAuth } from "./supabase-auth";

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Starts the fake on a free port; `authDatabaseUrl` is the project's database, as supabase_auth_admin. */
export async function startFakeSupabaseAuthServer(authDatabaseUrl: string): Promise<{ url: string; fake: FakeSupabaseAuth; close(): Promise<void> }> {
  const database = new pg.Pool({ connectionString: authDatabaseUrl, max: 2 });
  // Made once the port is known (its tokens name this address as their issuer).
  const made: { fake?: FakeSupabaseAuth } = {};
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const url = `http://${incoming.headers.host ?? "127.0.0.1"}${incoming.url ?? "/"}`;
      const body = incoming.method === "GET" || incoming.method === "HEAD" ? undefined : await bodyOf(incoming);
      const { fake } = made;
      if (!fake) throw new Error("not ready");
      const path = new URL(url).pathname;
      if (path === "/_fake/calls") {
        outgoing.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(fake.calls));
        return;
      }
      if (path === "/_fake/access-token-seconds") {
        fake.accessTokenSeconds = Number(body?.toString() ?? "3600");
        outgoing.writeHead(204).end();
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(url, { method: incoming.method ?? "GET", headers, ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}) });
      const response = await getResponse(fake.handlers, request);
      if (!response) {
        outgoing.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ code: 404, error_code: "not_found", msg: "Not found" }));
        return;
      }
      outgoing.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ code: 500, msg: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no address");
  const url = `http://127.0.0.1:${address.port}`;
  const fake = fakeSupabaseAuth({
    baseUrl: url,
    onUserCreated: async (user) => {
      await database.query(
        `insert into auth.users (id, instance_id, aud, role, email, email_confirmed_at, encrypted_password, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
         values ($1, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated', $2, now(), $3, '{"provider":"email","providers":["email"]}', '{}', now(), now())`,
        [user.id, user.email, `$2a$10$${Buffer.from(user.id).toString("base64url").slice(0, 53)}`],
      );
    },
    onUserDeleted: async (id) => {
      await database.query("delete from auth.users where id = $1", [id]);
    },
  });
  made.fake = fake;
  return {
    url,
    fake,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.end();
    },
  };
}
