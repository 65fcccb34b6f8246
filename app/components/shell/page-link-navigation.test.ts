import { describe, expect, it } from "vitest";
import { pageLinkDestination, type ClickedLink, type LinkClick } from "./page-link-navigation";

const ORIGIN = "https://tongxing.example";
const plainClick: LinkClick = { button: 0, metaKey: false, altKey: false, ctrlKey: false, shiftKey: false, defaultPrevented: false };
const pageLink: ClickedLink = { href: `${ORIGIN}/groups/b1?from=home#next`, target: "", download: false, pageLink: true };

describe("pageLinkDestination", () => {
  it("opens a page link of the portal inside the app, with its query and fragment", () => {
    expect(pageLinkDestination(plainClick, pageLink, ORIGIN)).toBe("/groups/b1?from=home#next");
    expect(pageLinkDestination(plainClick, { ...pageLink, target: "_self" }, ORIGIN)).toBe("/groups/b1?from=home#next");
  });

  it("leaves to the browser what is not a page link, or was handled already", () => {
    expect(pageLinkDestination(plainClick, null, ORIGIN)).toBeNull();
    expect(pageLinkDestination(plainClick, { ...pageLink, pageLink: false }, ORIGIN)).toBeNull();
    expect(pageLinkDestination({ ...plainClick, defaultPrevented: true }, pageLink, ORIGIN)).toBeNull();
  });

  it("leaves to the browser a click that asks for a new tab or window, or a middle click", () => {
    for (const key of ["metaKey", "altKey", "ctrlKey", "shiftKey"] as const) {
      expect(pageLinkDestination({ ...plainClick, [key]: true }, pageLink, ORIGIN)).toBeNull();
    }
    expect(pageLinkDestination({ ...plainClick, button: 1 }, pageLink, ORIGIN)).toBeNull();
  });

  it("leaves to the browser another target, a download and another site", () => {
    expect(pageLinkDestination(plainClick, { ...pageLink, target: "_blank" }, ORIGIN)).toBeNull();
    expect(pageLinkDestination(plainClick, { ...pageLink, download: true }, ORIGIN)).toBeNull();
    expect(pageLinkDestination(plainClick, { ...pageLink, href: "https://www.baidu.com/" }, ORIGIN)).toBeNull();
  });
});
