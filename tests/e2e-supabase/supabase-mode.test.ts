/**
 * The portal in Supabase mode (decision 033), in Chromium on a phone: the built server runs
 * with DATABASE_FLAVOR=supabase on a database set up as a Supabase project's (no shim), and
 * speaks to a fake Supabase Auth over HTTP (tests/mocks/supabase-auth-server.ts) that answers
 * as GoTrue does and writes auth.users as GoTrue does. A member signs up and in through the
 * same pages as ever; Supabase makes the account, its tokens ride in the httpOnly cookie, are
 * refreshed by the server as they near their end, and signing out ends them at Supabase.
 */
import { describe, expect, inject, it } from "vitest";
import { openContext, signOut, signUp, submitSignIn, uniqueHandle } from "../support/browser";
import { fitsThePhone, PHONE } from "../support/phone";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");
const fakeAuthUrl = inject("fakeAuthUrl");

async function supabaseCalls(): Promise<string[]> {
  return (await (await fetch(`${fakeAuthUrl}/_fake/calls`)).json()) as string[];
}

async function tokensLastSeconds(seconds: number): Promise<void> {
  await fetch(`${fakeAuthUrl}/_fake/access-token-seconds`, { method: "POST", body: String(seconds) });
}

describe("Supabase mode (member, 390x844)", () => {
  const browser = useBrowser();

  it("signs up and in through Supabase Auth, keeps the session fresh and ends it at Supabase on sign-out", async () => {
    expect(fakeAuthUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const handle = uniqueHandle("sb");
    const passphrase = `supabase journey ${crypto.randomUUID()}`;
    const { context, page, requests } = await openContext(browser(), { viewport: PHONE });

    await signUp(page, baseUrl, handle, passphrase);
    const afterSignUp = await supabaseCalls();
    expect(afterSignUp).toContain("POST /admin/users");
    expect(afterSignUp).toContain("POST /token?grant_type=password");
    const [cookie] = (await context.cookies(baseUrl)).filter((candidate) => candidate.name === "tx_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
    expect(decodeURIComponent(cookie?.value ?? "")).toMatch(/^v1~ey[\w-]+\.[\w-]+\.[\w-]+~[\w-]+~\d+$/);
    // The browser never speaks to Supabase, and never sends the passphrase anywhere.
    expect(requests.some((request) => request.url.startsWith(fakeAuthUrl ?? "-"))).toBe(false);
    expect(requests.some((request) => request.body.includes(passphrase))).toBe(false);

    // Tokens that end within the server's refresh margin: every page renews them first.
    await signOut(page, baseUrl);
    expect(await supabaseCalls()).toContain("POST /logout?scope=local");
    await tokensLastSeconds(30);
    await submitSignIn(page, baseUrl, handle, passphrase);
    await page.waitForURL(`${baseUrl}/home`, { timeout: 30_000 });
    await tokensLastSeconds(3600);
    const refreshesBefore = (await supabaseCalls()).filter((call) => call === "POST /token?grant_type=refresh_token").length;
    await page.goto(`${baseUrl}/account`);
    await expect(page.locator("main").textContent()).resolves.toContain(handle);
    expect((await supabaseCalls()).filter((call) => call === "POST /token?grant_type=refresh_token").length).toBeGreaterThan(refreshesBefore);
    await page.goto(`${baseUrl}/home`);
    await expect(page.locator("h1").textContent()).resolves.toContain(handle);
    await fitsThePhone(page);

    // Signed out: the pages are closed again, and a wrong passphrase is refused in plain words.
    await signOut(page, baseUrl);
    await page.goto(`${baseUrl}/home`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await submitSignIn(page, baseUrl, handle, `wrong ${passphrase}`);
    await expect(page.locator(".form-message--error").textContent({ timeout: 30_000 })).resolves.toBe("昵称或密码不对。");
    await context.close();
  });
});
