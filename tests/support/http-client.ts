import http from "node:http";

/**
 * One request from a chosen loopback address (127.x.y.z), so that a test can speak from
 * many networks to a server that trusts no proxy. Node's fetch cannot pick its source address.
 */
function requestFrom(localAddress: string, url: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: init.method, headers: init.headers, localAddress }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const headers = new Headers();
        for (let i = 0; i < response.rawHeaders.length; i += 2) headers.append(response.rawHeaders[i] ?? "", response.rawHeaders[i + 1] ?? "");
        resolve(new Response(Buffer.concat(chunks), { status: response.statusCode ?? 0, headers }));
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(init.body);
  });
}

/**
 * A tiny cookie-keeping HTTP client for posting straight to the server, as a
 * script or an attacker would (no browser, no client-side checks). `from` picks the
 * loopback address it speaks from (a network of its own, to the server's rate limits).
 */
export class HttpClient {
  private cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly from?: string,
  ) {}

  private send(path: string, init: { method: string; headers: Record<string, string>; body?: URLSearchParams }): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    if (this.from === undefined) return fetch(url, { ...init, redirect: "manual" });
    const headers = init.body ? { ...init.headers, "content-type": "application/x-www-form-urlencoded" } : init.headers;
    return requestFrom(this.from, url, { method: init.method, headers, body: init.body?.toString() });
  }

  private remember(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/Max-Age=0/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Every cookie it holds, as a browser context takes them. */
  cookiesFor(url: string): { name: string; value: string; url: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value, url }));
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  get csrf(): string {
    return decodeURIComponent(this.cookies.get("tx_csrf") ?? "");
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }

  async get(path: string): Promise<Response> {
    const response = await this.send(path, { method: "GET", headers: { cookie: this.cookieHeader() } });
    this.remember(response);
    return response;
  }

  /** Posts a form; the CSRF token is added unless the fields carry their own "csrf". */
  async post(path: string, fields: Record<string, string | number>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    if (!("csrf" in fields)) body.set("csrf", this.csrf);
    for (const [name, value] of Object.entries(fields)) body.append(name, String(value));
    const response = await this.send(path, { method: "POST", body, headers: { cookie: this.cookieHeader(), origin: this.baseUrl, ...headers } });
    this.remember(response);
    return response;
  }
}

/**
 * Asks for a proof-of-work challenge for `purpose` on `handle` and solves it as the browser
 * does (decision 013); returns the fields a sign-in, sign-up or recovery step carries.
 */
export async function solvedChallenge(
  client: HttpClient,
  purpose: "signIn" | "signUp" | "recovery",
  handle: string,
): Promise<{ challenge: string; solution: number }> {
  const { solveChallenge } = await import("~/crypto/challenge");
  const response = await client.post("/api/auth/challenge", { purpose, handle });
  if (response.status !== 200) throw new Error(`challenge refused: ${response.status}`);
  const { challenge } = (await response.json()) as { challenge: string };
  return { challenge, solution: await solveChallenge(challenge) };
}

export async function newClient(baseUrl: string, from?: string): Promise<HttpClient> {
  const client = new HttpClient(baseUrl, from);
  await client.get("/sign-in");
  return client;
}

/** A loopback address of a network no other test speaks from (127.200.0.0 and up). */
function anotherNetwork(): string {
  const byte = (below: number) => Math.floor(Math.random() * below);
  return `127.${200 + byte(50)}.${byte(256)}.${1 + byte(250)}`;
}

/** A new account signed up over HTTP as the browser does (its keys made here), from a network of its own; the client is signed in. */
export async function signedUpClient(baseUrl: string, account: { handle: string; passphrase: string }): Promise<HttpClient> {
  const { createAccountKeys } = await import("~/crypto/account-keys");
  const { upload } = await createAccountKeys(account.passphrase);
  const client = await newClient(baseUrl, anotherNetwork());
  const response = await client.post("/api/auth/sign-up", { handle: account.handle, ...upload, ...(await solvedChallenge(client, "signUp", account.handle)) });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status}`);
  return client;
}

/**
 * Signs in over HTTP the way the browser does: fetch the parameters, derive the auth key, send
 * it. Each call speaks from a network of its own, as another device would: the demo accounts
 * are signed into by many tests, and from one address their sign-ins would reach the
 * per-handle limit of that network within one rate window.
 */
export async function signedInClient(baseUrl: string, account: { handle: string; passphrase: string }): Promise<HttpClient> {
  const { deriveAccountKeys } = await import("~/crypto/account-keys");
  const client = await newClient(baseUrl, anotherNetwork());
  const params = (await (await client.post("/api/auth/params", { handle: account.handle })).json()) as {
    kdfSalt: string;
    kdfOpslimit: number;
    kdfMemlimit: number;
  };
  const { authKey } = await deriveAccountKeys(account.passphrase, params.kdfSalt, { opslimit: params.kdfOpslimit, memlimit: params.kdfMemlimit });
  const response = await client.post("/api/auth/sign-in", { handle: account.handle, authKey, ...(await solvedChallenge(client, "signIn", account.handle)) });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return client;
}
