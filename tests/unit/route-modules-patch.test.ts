/**
 * patches/@remix-run+server-runtime (decision 039) makes the object of route modules once per
 * build's routes instead of once per request. It must still map every route to its module,
 * and a different set of routes (a new build in development) must get its own.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { createEntryRouteModules } = require("@remix-run/server-runtime/dist/entry.js") as {
  createEntryRouteModules: (manifest: Record<string, { module: object }>) => Record<string, object>;
};

describe("route modules with the patch", () => {
  const root = { default: "root" };
  const home = { default: "home" };

  it("maps every route to its module, in one object per set of routes", () => {
    const build = { root: { module: root }, "routes/home": { module: home } };
    const modules = createEntryRouteModules(build);
    expect(modules).toEqual({ root, "routes/home": home });
    expect(createEntryRouteModules(build)).toBe(modules);
  });

  it("gives another set of routes its own modules", () => {
    const first = createEntryRouteModules({ root: { module: root } });
    const next = createEntryRouteModules({ root: { module: home } });
    expect(next).not.toBe(first);
    expect(next.root).toBe(home);
  });
});
