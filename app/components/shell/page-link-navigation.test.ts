import { describe, expect, it } from "vitest";
import { pageLinkDestination, searchFormPath, type ClickedLink, type LinkClick, type SentForm } from "./page-link-navigation";

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

describe("searchFormPath", () => {
  const search: SentForm = { method: "get", action: `${ORIGIN}/groups`, target: "", pageLink: true, submitterNamed: false };
  const sent = { defaultPrevented: false };

  it("opens a search form's page inside the app (its query comes from the form)", () => {
    expect(searchFormPath(sent, search, ORIGIN)).toBe("/groups");
  });

  it("leaves to the browser other forms, forms already handled, and what it cannot send the same way", () => {
    expect(searchFormPath(sent, null, ORIGIN)).toBeNull();
    expect(searchFormPath(sent, { ...search, pageLink: false }, ORIGIN)).toBeNull();
    expect(searchFormPath({ defaultPrevented: true }, search, ORIGIN)).toBeNull();
    expect(searchFormPath(sent, { ...search, method: "post" }, ORIGIN)).toBeNull();
    expect(searchFormPath(sent, { ...search, target: "_blank" }, ORIGIN)).toBeNull();
    expect(searchFormPath(sent, { ...search, submitterNamed: true }, ORIGIN)).toBeNull();
    expect(searchFormPath(sent, { ...search, action: "https://www.baidu.com/s" }, ORIGIN)).toBeNull();
  });
});
