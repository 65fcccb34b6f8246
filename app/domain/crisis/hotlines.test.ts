import { describe, expect, it } from "vitest";
import type { AreaNode } from "~/domain/areas/areas";
import { checkHotlineNumber, dialString, orderHotlines } from "./hotlines";

describe("checkHotlineNumber", () => {
  it.each(["110", "12356", "020-8888 1234", "+86 20 1234 5678", "400-161-9995", "0857 8888-6666"])("accepts %s", (number) => {
    expect(checkHotlineNumber(number)).toBeNull();
  });

  it.each([
    ["", "required"],
    ["12", "digits"],
    ["1-2", "digits"],
    ["+1234567890123456789012", "digits"],
    ["1 2 3 4 5 6 7 8 9 0 1 2 3", "tooLong"],
    ["12a45", "characters"],
    ["(020) 1234", "characters"],
    ["020--1234-", "characters"],
    ["-0201234", "characters"],
    ["86+12345", "characters"],
    ["++8612345", "characters"],
    ["020\u00a01234", "characters"],
    ["１２３４５", "characters"],
    ["tel:12356", "characters"],
  ] as const)("refuses %j: %s", (number, problem) => {
    expect(checkHotlineNumber(number)).toBe(problem);
  });
});

describe("dialString", () => {
  it("drops spaces and dashes, keeps the leading +", () => {
    expect(dialString("+86 20-1234 5678")).toBe("+862012345678");
    expect(dialString("110")).toBe("110");
  });
});

describe("orderHotlines", () => {
  const areas: AreaNode[] = [
    { id: "gd", parentId: null, level: "province", nameZh: "广东省", nameEn: "Guangdong" },
    { id: "gz", parentId: "gd", level: "city", nameZh: "广州市", nameEn: "Guangzhou" },
    { id: "th", parentId: "gz", level: "district", nameZh: "天河区", nameEn: "Tianhe" },
    { id: "yx", parentId: "gz", level: "district", nameZh: "越秀区", nameEn: "Yuexiu" },
    { id: "hb", parentId: null, level: "province", nameZh: "湖北省", nameEn: "Hubei" },
  ];
  const line = (name: string, areaId: string | null, sortOrder = 100) => ({ name, areaId, sortOrder });
  const lines = [
    line("national b", null, 20),
    line("province", "gd"),
    line("national a", null, 10),
    line("district", "th"),
    line("city", "gz"),
    line("other district", "yx"),
    line("other province", "hb"),
    line("district first", "th", 1),
  ];

  it("puts the area's own lines first, then its city's, its province's, then the national ones", () => {
    expect(orderHotlines(lines, areas, "th").map((h) => h.name)).toEqual([
      "district first",
      "district",
      "city",
      "province",
      "national a",
      "national b",
    ]);
  });

  it("from a city: the city, its province, national; never a district below it", () => {
    expect(orderHotlines(lines, areas, "gz").map((h) => h.name)).toEqual(["city", "province", "national a", "national b"]);
  });

  it("without an area, or with an unknown one: national lines only", () => {
    expect(orderHotlines(lines, areas, null).map((h) => h.name)).toEqual(["national a", "national b"]);
    expect(orderHotlines(lines, areas, "nowhere").map((h) => h.name)).toEqual(["national a", "national b"]);
  });

  it("the same order by name when the admins gave the same position", () => {
    expect(orderHotlines([line("乙", null), line("甲", null)], areas, null).map((h) => h.name)).toEqual(["甲", "乙"]);
  });
});
