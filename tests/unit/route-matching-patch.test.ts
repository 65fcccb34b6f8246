/**
 * patches/@remix-run+router (decision 009) keeps each route list's ranked branches and each
 * pattern's compiled expression. Matching must give exactly what it gave without the patch:
 * the same list matched again, a changed copy of a list, and a different list with the same
 * paths all answer for themselves.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The server's copy (dist/router.cjs.js), the one the patch changes.
const { matchRoutes, matchPath } = createRequire(import.meta.url)("@remix-run/router") as typeof import("@remix-run/router");

const ids = (matches: ReturnType<typeof matchRoutes>) => matches?.map((match) => match.route.id) ?? null;

describe("route matching with the patch", () => {
  const children = [
    { id: "index", index: true },
    { id: "home", path: "home" },
    { id: "group", path: "groups/:groupId" },
    { id: "group-new", path: "groups/new" },
    { id: "splat", path: "*" },
  ];
  const routes = [{ id: "root", path: "/", children }];

  it("matches the same list again and again, for different paths", () => {
    for (let i = 0; i < 3; i++) {
      expect(ids(matchRoutes(routes, "/"))).toEqual(["root", "index"]);
      expect(ids(matchRoutes(routes, "/home"))).toEqual(["root", "home"]);
      expect(ids(matchRoutes(routes, "/groups/new"))).toEqual(["root", "group-new"]);
      expect(matchRoutes(routes, "/groups/42")?.[1]?.params).toEqual({ groupId: "42" });
      expect(ids(matchRoutes(routes, "/nowhere/else"))).toEqual(["root", "splat"]);
    }
  });

  it("answers for each list, not for one matched before", () => {
    expect(ids(matchRoutes(routes, "/home"))).toEqual(["root", "home"]);
    const withoutHome = [{ id: "root", path: "/", children: children.filter((route) => route.id !== "home") }];
    expect(ids(matchRoutes(withoutHome, "/home"))).toEqual(["root", "splat"]);
    const other = [{ id: "other-home", path: "/home" }];
    expect(ids(matchRoutes(other, "/home"))).toEqual(["other-home"]);
    expect(matchRoutes(other, "/")).toBeNull();
  });

  it("compiles a pattern once but matches each path afresh, case and end as asked", () => {
    expect(matchPath({ path: "/groups/:groupId", end: true }, "/groups/7")?.params).toEqual({ groupId: "7" });
    expect(matchPath({ path: "/groups/:groupId", end: true }, "/groups/8")?.params).toEqual({ groupId: "8" });
    expect(matchPath({ path: "/groups/:groupId", end: true }, "/groups/8/more")).toBeNull();
    expect(matchPath({ path: "/groups/:groupId", end: false }, "/groups/8/more")?.pathnameBase).toBe("/groups/8");
    expect(matchPath({ path: "/Home", caseSensitive: true }, "/home")).toBeNull();
    expect(matchPath({ path: "/Home", caseSensitive: false }, "/home")).not.toBeNull();
  });
});
