import { describe, expect, it } from "vitest";
import { isLowerCaseUuid, isUuid } from "./uuid";

describe("isUuid", () => {
  it("accepts canonical UUIDs in either case and refuses anything else", () => {
    expect(isUuid("0b7e6c1e-3a4f-4c2b-9d1e-2f3a4b5c6d7e")).toBe(true);
    expect(isUuid("0B7E6C1E-3A4F-4C2B-9D1E-2F3A4B5C6D7E")).toBe(true);
    for (const bad of ["", "0b7e6c1e3a4f4c2b9d1e2f3a4b5c6d7e", "0b7e6c1e-3a4f-4c2b-9d1e-2f3a4b5c6d7", " 0b7e6c1e-3a4f-4c2b-9d1e-2f3a4b5c6d7e", 42, null]) {
      expect(isUuid(bad)).toBe(false);
    }
  });

  it("tells lower-case UUIDs apart for text that is bound as it is", () => {
    expect(isLowerCaseUuid("0b7e6c1e-3a4f-4c2b-9d1e-2f3a4b5c6d7e")).toBe(true);
    expect(isLowerCaseUuid("0B7E6C1E-3A4F-4C2B-9D1E-2F3A4B5C6D7E")).toBe(false);
  });
});
