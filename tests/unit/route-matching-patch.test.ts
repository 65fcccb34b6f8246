/**
 * patches/@remix-run+router (decision 009) keeps each route list's ranked branches and each
 * pattern's compiled expression; patches/react-router-dom keeps each list's data routes for
 * the server render. Matching must give exactly what it gave without the patches: the same
 * list matched again, a changed copy of a list, and a different list with the same paths all
 * answer for themselves. The patch also keeps resolved link paths; they must not change either.
 */
import { createRequire } from "node:module";
import { describe, expect, it, vi } from "vitest";

// The server's copy (dist/router.cjs.js), the one the patch changes.
const require = createRequire(import.meta.url);
const { matchRoutes, matchPath, resolvePath } = require("@remix-run/router") as typeof import("@remix-run/router");
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

  it("matches a path seen before to the same routes, with fresh match objects and its own params", () => {
    const first = matchRoutes(routes, "/groups/42");
    const again = matchRoutes(routes, "/groups/42");
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(again?.[1]).not.toBe(first?.[1]);
    expect(again?.[1]?.params).not.toBe(first?.[1]?.params);
    expect(matchRoutes(routes, "/groups/43")?.[1]?.params).toEqual({ groupId: "43" });
    const rootOnly = [{ id: "root-only", path: "/" }];
    for (let i = 0; i < 2; i++) expect(matchRoutes(rootOnly, "/home")).toBeNull();
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

describe("the server render's route tree with the patch (patches/@remix-run+react)", () => {
  // The server's copies, the ones the patch changes; the spy sees RemixServer's own calls.
  const { RemixServer } = require("@remix-run/react/dist/server") as typeof import("@remix-run/react");
  const remixRoutes = require("@remix-run/react/dist/routes") as { createServerRoutes: (...args: unknown[]) => unknown };
  const { createElement } = require("react") as typeof import("react");
  const { renderToString } = require("react-dom/server") as typeof import("react-dom/server");

  const manifestRoutes = {
    root: { id: "root", path: "", hasAction: false, hasLoader: false, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false, module: "/root.js" },
    "routes/home": { id: "routes/home", parentId: "root", path: "home", hasAction: false, hasLoader: false, hasClientAction: false, hasClientLoader: false, hasErrorBoundary: false, module: "/home.js" },
  };
  const manifest = { routes: manifestRoutes, entry: { module: "/entry.js", imports: [] }, url: "/manifest.js", version: "1" };
  const rootModule = { default: () => createElement("main", null, "root") };
  const homeModule = { default: () => createElement("p", null, "home") };

  /** What the server runtime hands RemixServer on each request: a fresh object of route modules. */
  const render = (modules: Record<string, unknown>) => {
    const context = {
      manifest,
      routeModules: { ...modules },
      staticHandlerContext: {
        basename: "/",
        location: { pathname: "/home", search: "", hash: "", state: null, key: "default" },
        matches: [
          { params: {}, pathname: "/", pathnameBase: "/", route: { id: "root", path: "" } },
          { params: {}, pathname: "/home", pathnameBase: "/home", route: { id: "routes/home", path: "home" } },
        ],
        loaderData: {},
        actionData: null,
        errors: null,
        statusCode: 200,
        loaderHeaders: {},
        actionHeaders: {},
        activeDeferreds: null,
      },
      future: { v3_fetcherPersist: false, v3_relativeSplatPath: false, v3_throwAbortReason: false, v3_routeConfig: false, v3_singleFetch: false, v3_lazyRouteDiscovery: false, unstable_optimizeDeps: false },
      isSpaMode: false,
      serverHandoffString: "{}",
      criticalCss: undefined,
      renderMeta: {},
      serializeError: (error: Error) => error,
    };
    return renderToString(createElement(RemixServer, { context: context as never, url: "http://localhost/home" }));
  };

  it("builds the tree once for the same modules handed over in a new object, and again when a module changes", () => {
    const spy = vi.spyOn(remixRoutes, "createServerRoutes");
    try {
      expect(render({ root: rootModule, "routes/home": homeModule })).toContain("root");
      expect(render({ root: rootModule, "routes/home": homeModule })).toContain("root");
      expect(spy).toHaveBeenCalledTimes(1);
      const changedHome = { default: () => createElement("p", null, "changed home") };
      render({ root: rootModule, "routes/home": changedHome });
      expect(spy).toHaveBeenCalledTimes(2);
      render({ root: rootModule, "routes/home": changedHome });
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("resolving link paths with the patch", () => {
  it("gives each link its own answer, asked again and again and after more than 1,000 others", () => {
    const expected: Array<[string, string, string]> = [
      ["/groups/42", "/", "/groups/42"],
      [".", "/staff/help", "/staff/help"],
      ["..", "/staff/help", "/staff"],
      ["../dashboard", "/staff/help", "/staff/dashboard"],
      ["edit", "/groups/42", "/groups/42/edit"],
      ["./", "/", "/"],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [to, from, pathname] of expected) expect(resolvePath(to, from).pathname).toBe(pathname);
      for (let i = 0; i < 1_100; i++) expect(resolvePath(`request/${i}`, "/staff/help").pathname).toBe(`/staff/help/request/${i}`);
    }
    expect(resolvePath("?page=2", "/staff/help")).toEqual({ pathname: "/staff/help", search: "?page=2", hash: "" });
  });
});
