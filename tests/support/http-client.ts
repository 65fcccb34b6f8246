/**
 * A tiny cookie-keeping HTTP client for posting straight to the server, as a
 * script or an attacker would (no browser, no client-side checks).
 */
export class HttpClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

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
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookieHeader() }, redirect: "manual" });
    this.remember(response);
    return response;
  }

  /** Posts a form; the CSRF token is added unless the fields carry their own "csrf". */
  async post(path: string, fields: Record<string, string | number>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    if (!("csrf" in fields)) body.set("csrf", this.csrf);
    for (const [name, value] of Object.entries(fields)) body.append(name, String(value));
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: "POST",
      body,
      headers: { cookie: this.cookieHeader(), origin: this.baseUrl, ...headers },
      redirect: "manual",
    });
    this.remember(response);
    return response;
  }
}

export async function newClient(baseUrl: string): Promise<HttpClient> {
  const client = new HttpClient(baseUrl);
  await client.get("/sign-in");
  return client;
}

/** Signs in over HTTP the way the browser does: fetch the parameters, derive the auth key, send it. */
export async function signedInClient(baseUrl: string, account: { handle: string; passphrase: string }): Promise<HttpClient> {
  const { deriveAccountKeys } = await import("~/crypto/account-keys");
  const client = await newClient(baseUrl);
  const params = (await (await client.post("/api/auth/params", { handle: account.handle })).json()) as {
    kdfSalt: string;
    kdfOpslimit: number;
    kdfMemlimit: number;
  };
  const { authKey } = await deriveAccountKeys(account.passphrase, params.kdfSalt, { opslimit: params.kdfOpslimit, memlimit: params.kdfMemlimit });
  const response = await client.post("/api/auth/sign-in", { handle: account.handle, authKey });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return client;
}
