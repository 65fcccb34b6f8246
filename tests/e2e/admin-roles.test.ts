import { describe, expect, inject, it } from "vitest";
import { openContext, signInElsewhere } from "../support/browser";
import { useBrowser } from "../support/use-browser";
import { DEMO } from "../support/demo-accounts";

const baseUrl = inject("baseUrl");
/** Xichang, a district of Liangshan (Sichuan) in the demo areas. */
const XICHANG = "a0000000-0000-4000-8000-000000513401";

describe("roles are granted by admins", () => {
  const browser = useBrowser();

  it("an admin grants and takes back a role; a member cannot see the page", async () => {
    const { context, page } = await openContext(browser(), { locale: "en-US" });
    await signInElsewhere(page, baseUrl, DEMO.admin);

    await page.goto(`${baseUrl}/admin/roles`);
    await page.fill("#grant-handle", "nobody_here");
    await page.click("main form button[type=submit]");
    await expect(page.locator("#grant-handle-error").textContent()).resolves.toBe("There is no account with this nickname.");

    // Areas read as a tree: a group per province, each area indented under its parent.
    await expect(page.locator("#grant-area optgroup").evaluateAll((groups) => groups.map((group) => group.getAttribute("label")))).resolves.toEqual(["Hubei", "Guangdong", "Sichuan"]);
    await expect(page.locator("#grant-area optgroup[label=Sichuan] option").allTextContents()).resolves.toEqual([
      "Province: Sichuan",
      "\u3000City: Liangshan Yi Autonomous Prefecture",
      "\u3000\u3000District: Xichang",
    ]);

    // The area starts unchosen: a nationwide social worker takes an explicit choice.
    await page.fill("#grant-handle", "AHUA");
    await page.selectOption("#grant-role", "social_worker");
    await page.click("main form button[type=submit]");
    await expect(page.locator("#grant-area-error").textContent()).resolves.toContain("Choose the area this social worker serves");

    await page.fill("#grant-handle", "AHUA");
    await page.selectOption("#grant-role", "social_worker");
    await page.selectOption("#grant-area", XICHANG);
    await page.click("main form button[type=submit]");
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("Role granted.");
    const row = page.locator("tr", { hasText: "ahua" }).filter({ hasText: "Social worker" });
    await expect(row.locator("td").nth(2).textContent()).resolves.toBe("Xichang");

    await page.fill("#grant-handle", "ahua");
    await page.selectOption("#grant-role", "admin");
    await page.selectOption("#grant-area", XICHANG);
    await page.click("main form button[type=submit]");
    await expect(page.locator("#grant-area-error").textContent()).resolves.toContain("covers all areas");

    const revokeLink = (await row.locator("a").getAttribute("href")) ?? "";
    await row.locator("a").click();
    await expect(page.locator("[data-testid=revoke-role-confirm]").textContent()).resolves.toContain("ahua will lose the Social worker role (Xichang)");
    await page.click("[data-testid=revoke-role-confirm] button[type=submit]");
    await expect(page.locator(".form-message--info").textContent()).resolves.toBe("Role taken back.");

    // The same link again (a stale tab, a second admin): the page says the role is gone.
    for (const link of [revokeLink, "/admin/roles?revoke=not-an-id"]) {
      await page.goto(`${baseUrl}${link}`);
      await expect(page.locator("[data-testid=revoke-role-gone]").textContent()).resolves.toContain("That role grant no longer exists.");
      await expect(page.locator("[data-testid=revoke-role-confirm]").count()).resolves.toBe(0);
    }
    await page.locator("tr", { hasText: "ahua" }).waitFor({ state: "detached" });
    await context.close();

    const member = await openContext(browser(), { locale: "en-US" });
    await signInElsewhere(member.page, baseUrl, DEMO.member);
    const response = await member.page.goto(`${baseUrl}/admin/roles`);
    expect(response?.status()).toBe(404);
    await expect(member.page.locator("h1").textContent()).resolves.toBe("Page not found");
    await member.context.close();
  });
});
