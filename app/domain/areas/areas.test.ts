import { describe, expect, it } from "vitest";
import { areaName } from "./areas";

describe("areaName", () => {
  const tianhe = { nameZh: "天河区", nameEn: "Tianhe" };
  it("reads the English name in English and the Chinese name otherwise", () => {
    expect(areaName(tianhe, "en")).toBe("Tianhe");
    expect(areaName(tianhe, "zh-CN")).toBe("天河区");
    expect(areaName(tianhe, "fr")).toBe("天河区");
  });
});
