import { describe, expect, it } from "vitest";
import { areaCovers, areaName } from "./areas";

describe("areaName", () => {
  const tianhe = { nameZh: "天河区", nameEn: "Tianhe" };
  it("reads the English name in English and the Chinese name otherwise", () => {
    expect(areaName(tianhe, "en")).toBe("Tianhe");
    expect(areaName(tianhe, "zh-CN")).toBe("天河区");
    expect(areaName(tianhe, "fr")).toBe("天河区");
  });
});

describe("areaCovers", () => {
  // guangdong > guangzhou > tianhe, haizhu; sichuan > liangshan > xichang; a loop (bad data).
  const parents = new Map<string, string | null>([
    ["guangdong", null],
    ["guangzhou", "guangdong"],
    ["tianhe", "guangzhou"],
    ["haizhu", "guangzhou"],
    ["sichuan", null],
    ["liangshan", "sichuan"],
    ["xichang", "liangshan"],
    ["loop-a", "loop-b"],
    ["loop-b", "loop-a"],
  ]);

  it("a grant covers its own area and every area below it", () => {
    expect(areaCovers("tianhe", "tianhe", parents)).toBe(true);
    expect(areaCovers("guangzhou", "tianhe", parents)).toBe(true);
    expect(areaCovers("guangzhou", "haizhu", parents)).toBe(true);
    expect(areaCovers("guangdong", "tianhe", parents)).toBe(true);
    expect(areaCovers("guangzhou", "guangzhou", parents)).toBe(true);
  });

  it("never an area above, beside or in another tree", () => {
    expect(areaCovers("tianhe", "guangzhou", parents)).toBe(false);
    expect(areaCovers("tianhe", "haizhu", parents)).toBe(false);
    expect(areaCovers("guangzhou", "xichang", parents)).toBe(false);
    expect(areaCovers("sichuan", "guangdong", parents)).toBe(false);
  });

  it("a grant without an area covers every area, but nothing covers an account without one", () => {
    expect(areaCovers(null, "xichang", parents)).toBe(true);
    expect(areaCovers(null, null, parents)).toBe(false);
    expect(areaCovers("guangdong", null, parents)).toBe(false);
  });

  it("ends on a loop of parents instead of running forever", () => {
    expect(areaCovers("tianhe", "loop-a", parents)).toBe(false);
    expect(areaCovers("loop-b", "loop-a", parents)).toBe(true);
  });
});
