import { describe, expect, it } from "vitest";
import { NATIONAL_HOTLINES, telHref } from "./hotlines";

describe("national hotlines", () => {
  it("lists someone to talk to first and the emergency numbers last, each once", () => {
    expect(NATIONAL_HOTLINES[0]?.kind).toBe("mentalHealth");
    expect(NATIONAL_HOTLINES.map((line) => line.number).slice(-2)).toEqual(["120", "110"]);
    expect(new Set(NATIONAL_HOTLINES.map((line) => line.number)).size).toBe(NATIONAL_HOTLINES.length);
  });

  it("dials digits only", () => {
    expect(telHref("12356")).toBe("tel:12356");
    expect(telHref("+86 20-1234 5678")).toBe("tel:+862012345678");
  });
});
