import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The phone every journey is shown on (390x844: a common cheap Android phone). */
export const PHONE = { width: 390, height: 844 } as const;

/** The page is no wider than the phone: nothing to scroll sideways. */
export async function fitsThePhone(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}
