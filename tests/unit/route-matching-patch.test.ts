/**
 * patches/@remix-run+router (decision 009) keeps each route list's ranked branches and each
 * pattern's compiled expression; patches/react-router-dom keeps each list's data routes for
 * the server render. Matching must give exactly what it gave without the patches: the same
 * list matched again, a changed copy of a list, and a different list with the same paths all
 * answer for themselves.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The server's copy (dist/router.cjs.js), the one the patch changes.
const require = createRequire(import.meta.url);
const { matchRoutes, matchPath } = require("@remix-run/router") as typeof import("@remix-run/router");
const { createStaticRouter } = require("react-router-dom/server") as typeof import("react-router-dom/server");

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

  it("renders each request against its own list's data routes, with the request's matches", () => {
    const context = (routeIds: string[]) =>
      ({
        basename: "/",
        location: { pathname: "/home", search: "", hash: "", state: null, key: "default" },
        matches: routeIds.map((id) => ({ params: {}, pathname: "/home", pathnameBase: "/home", route: { id } })),
        loaderData: {},
        actionData: null,
        errors: null,
        statusCode: 200,
        loaderHeaders: {},
        actionHeaders: {},
        activeDeferreds: null,
      }) as unknown as Parameters<typeof createStaticRouter>[1];
    const first = createStaticRouter(routes, context(["root", "home"]));
    const again = createStaticRouter(routes, context(["root", "index"]));
    expect(again.routes).toBe(first.routes);
    expect(first.state.matches.map((match) => match.route.id)).toEqual(["root", "home"]);
    expect(again.state.matches.map((match) => match.route.id)).toEqual(["root", "index"]);
    expect(again.state.matches[1]?.route).toBe(first.routes[0]?.children?.[0]);

    const other = [{ id: "other-home", path: "/home" }];
    const otherRouter = createStaticRouter(other, context(["other-home"]));
    expect(otherRouter.routes).not.toBe(first.routes);
    expect(otherRouter.routes.map((route) => route.id)).toEqual(["other-home"]);
  });
});
