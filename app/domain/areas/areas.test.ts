import { describe, expect, it } from "vitest";
import { areaChain, areaCovers, areaName, areaNameById, areaParentsOf, areasInTreeOrder, areaSteps, areaWordsById, pickedArea } from "./areas";

describe("areaName", () => {
  const tianhe = { nameZh: "天河区", nameEn: "Tianhe" };
  it("reads the English name in English and the Chinese name otherwise", () => {
    expect(areaName(tianhe, "en")).toBe("Tianhe");
    expect(areaName(tianhe, "zh-CN")).toBe("天河区");
    expect(areaName(tianhe, "fr")).toBe("天河区");
  });

  it("finds an area's name by id, and gives nothing for an id not in the list", () => {
    const areas = [{ id: "a1", ...tianhe }];
    expect(areaNameById(areas, "a1", "en")).toBe("Tianhe");
    expect(areaNameById(areas, "a2", "en")).toBe("");
  });

  it("gives each area's two names by id, and nothing else of it", () => {
    const district = { id: "a1", parentId: "p", level: "district", ...tianhe };
    const words = areaWordsById([district]);
    expect([...words]).toEqual([["a1", tianhe]]);
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

describe("a step-by-step area picker", () => {
  const area = (id: string, parentId: string | null, level: "province" | "city" | "district") => ({ id, parentId, level, nameZh: id, nameEn: id });
  const areas = [
    area("guangdong", null, "province"),
    area("sichuan", null, "province"),
    area("guangzhou", "guangdong", "city"),
    area("shenzhen", "guangdong", "city"),
    area("tianhe", "guangzhou", "district"),
    area("haizhu", "guangzhou", "district"),
    area("liangshan", "sichuan", "city"),
  ];
  const parents = areaParentsOf(areas);
  const ids = (steps: ReturnType<typeof areaSteps>) => steps.map((step) => ({ level: step.level, choices: step.choices.map((c) => c.id), chosen: step.chosenId }));

  it("starts with the provinces only", () => {
    expect(ids(areaSteps(areas, null))).toEqual([{ level: "province", choices: ["guangdong", "sichuan"], chosen: null }]);
  });

  it("after a province offers its cities, after a city its districts", () => {
    expect(ids(areaSteps(areas, "guangdong"))).toEqual([
      { level: "province", choices: ["guangdong", "sichuan"], chosen: "guangdong" },
      { level: "city", choices: ["guangzhou", "shenzhen"], chosen: null },
    ]);
    expect(ids(areaSteps(areas, "guangzhou")).at(-1)).toEqual({ level: "district", choices: ["tianhe", "haizhu"], chosen: null });
  });

  it("shows a chosen district with its city and province chosen above it", () => {
    expect(ids(areaSteps(areas, "tianhe")).map((step) => step.chosen)).toEqual(["guangdong", "guangzhou", "tianhe"]);
  });

  it("stops where an area has nothing below it, and treats an unknown id as nothing chosen", () => {
    expect(ids(areaSteps(areas, "shenzhen")).map((step) => step.level)).toEqual(["province", "city"]);
    expect(ids(areaSteps(areas, "liangshan")).map((step) => step.chosen)).toEqual(["sichuan", "liangshan"]);
    expect(ids(areaSteps(areas, "nowhere"))).toEqual([{ level: "province", choices: ["guangdong", "sichuan"], chosen: null }]);
  });

  it("the chain runs from the province down", () => {
    expect(areaChain(areas, "haizhu").map((a) => a.id)).toEqual(["guangdong", "guangzhou", "haizhu"]);
    expect(areaChain(areas, null)).toEqual([]);
  });

  it("lists every area after its parent, provinces first, with its depth", () => {
    expect(areasInTreeOrder(areas).map(({ area, depth }) => `${depth}:${area.id}`)).toEqual([
      "0:guangdong",
      "1:guangzhou",
      "2:tianhe",
      "2:haizhu",
      "1:shenzhen",
      "0:sichuan",
      "1:liangshan",
    ]);
  });

  it("takes the deepest pick that lies inside the one above it", () => {
    expect(pickedArea(["guangdong", "guangzhou", "tianhe"], parents)).toBe("tianhe");
    expect(pickedArea(["guangdong", "guangzhou", ""], parents)).toBe("guangzhou");
    expect(pickedArea(["guangdong", "", ""], parents)).toBe("guangdong");
    expect(pickedArea(["", "", ""], parents)).toBeNull();
    expect(pickedArea([], parents)).toBeNull();
  });

  it("drops picks left below a changed province, and anything unknown", () => {
    expect(pickedArea(["sichuan", "guangzhou", "tianhe"], parents)).toBe("sichuan");
    expect(pickedArea(["guangdong", "liangshan"], parents)).toBe("guangdong");
    expect(pickedArea(["guangdong", "made-up"], parents)).toBe("guangdong");
    expect(pickedArea(["guangzhou"], parents)).toBeNull();
  });
});
