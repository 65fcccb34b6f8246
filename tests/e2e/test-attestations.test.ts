/**
 * Member-held proof of a clear test (issue 17) in Chromium at 390x844: the demo member, tested
 * at a partner site last week (supabase/seed.sql), makes a proof link in zh-CN; its key is in
 * the fragment and never reaches the server; a signed-out browser in English opens and checks
 * it; the member sees the opening and stops the link, and it stops working. Incomplete and
 * altered links are refused; without JavaScript both sides say what they need.
 */
import { describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../support/axe";
import { openContext, signIn, signInElsewhere } from "../support/browser";
import { PHONE } from "../support/phone";
import { DEMO } from "../support/demo-accounts";
import { useBrowser } from "../support/use-browser";

const baseUrl = inject("baseUrl");

describe("proof of a clear test (390x844)", () => {
  const browser = useBrowser();

  it(
    "made in zh-CN, checked signed out in English, seen opened, stopped",
    { timeout: 180_000 },
    async () => {
      const member = await openContext(browser(), { viewport: PHONE });
      await signIn(member.page, baseUrl, DEMO.member);
      await member.page.goto(`${baseUrl}/testing/proofs`);
      await expect(member.page.locator("h1").textContent()).resolves.toBe(
        "检测结果证明"
      );
      const result = member.page.locator("li.proof-result").first();
      await expect(result.textContent()).resolves.toContain("阴性");
      await result.locator("select").selectOption({ index: 0 });
      await result.locator("button[type=submit]").click();
      const linkField = member.page.locator("[data-testid=proof-link]");
      await linkField.waitFor({ timeout: 20_000 });
      const link = await linkField.inputValue();
      const match = /^(.+\/proof\/([0-9a-f-]{36}))#([A-Za-z0-9_-]{43})$/.exec(
        link
      );
      expect(match, link).not.toBeNull();
      const [, withoutKey = "", id = "", key = ""] = match ?? [];
      expect(await seriousViolations(member.page)).toEqual([]);
      // The key went nowhere: not in any address or body the member's browser sent.
      expect(
        member.requests.filter(
          (request) => request.url.includes(key) || request.body.includes(key)
        )
      ).toEqual([]);

      // A signed-out browser in English opens and checks it.
      const recipient = await openContext(browser(), {
        viewport: PHONE,
        locale: "en-GB",
      });
      await recipient.page.goto(link);
      const verdict = recipient.page.locator("[data-testid=proof-result]");
      await verdict.waitFor({ timeout: 20_000 });
      await expect(verdict.getAttribute("data-outcome")).resolves.toBe("valid");
      await expect(verdict.textContent()).resolves.toContain(
        "Drug test result: negative (clear)."
      );
      expect(await seriousViolations(recipient.page)).toEqual([]);
      expect(
        recipient.requests.filter(
          (request) => request.url.includes(key) || request.body.includes(key)
        )
      ).toEqual([]);

      // Without the key, or with it altered, it is not accepted.
      const outcomeOf = async (url: string) => {
        await recipient.page.goto("about:blank");
        await recipient.page.goto(url);
        await verdict.waitFor({ timeout: 20_000 });
        return verdict.getAttribute("data-outcome");
      };
      expect(await outcomeOf(withoutKey)).toBe("incomplete");
      expect(
        await outcomeOf(
          `${withoutKey}#${key.slice(0, -2)}${key.endsWith("AA") ? "AQ" : "AA"}`
        )
      ).toBe("tampered");

      // The member sees it was fetched twice (the altered key too: the server cannot tell), and stops it.
      await member.page.goto(`${baseUrl}/testing/proofs`);
      const listed = member.page.locator(`li[data-link="${id}"]`);
      await expect(listed.textContent()).resolves.toContain("被打开 2 次");
      await listed.locator("button[type=submit]").click();
      await member.page
        .locator(".form-message--info", { hasText: "链接已停用" })
        .waitFor();
      expect(await outcomeOf(link)).toBe("revoked");
      await expect(verdict.textContent()).resolves.toContain("has stopped it");
      await member.context.close();
      await recipient.context.close();
    }
  );

  it("without JavaScript, the member is told a link needs it, and so is the recipient", async () => {
    const member = await browser().newContext({
      javaScriptEnabled: false,
      viewport: PHONE,
      locale: "en-GB",
    });
    const page = await member.newPage();
    // Signing in needs JavaScript (the passphrase never leaves the phone): the session comes from a sign-in over HTTP.
    await signInElsewhere(page, baseUrl, DEMO.member);
    await page.goto(`${baseUrl}/testing/proofs`);
    const response = page.waitForResponse(
      (reply) => reply.request().method() === "POST"
    );
    await page.locator("li.proof-result button[type=submit]").first().click();
    expect((await response).status()).toBe(400);
    await expect(page.locator("main").textContent()).resolves.toContain(
      "Making a link needs JavaScript in your browser"
    );
    await page.goto(
      `${baseUrl}/proof/${crypto.randomUUID()}#${"A".repeat(43)}`
    );
    await expect(page.locator("main").textContent()).resolves.toContain(
      "This page checks the proof inside your browser and needs JavaScript"
    );
    await member.close();
  });
});
