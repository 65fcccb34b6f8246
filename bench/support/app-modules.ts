/**
 * app/data is written for Vite (the shim and migrations come in as `?raw` text and through
 * `import.meta.glob`), so a bench run by tsx loads those modules through a Vite server of its
 * own, in SSR mode, as the portal's dev mode does. Only app/ files are transformed; packages
 * (kysely, pg) load as plain Node modules, so what is timed is the same code the portal runs.
 */
import path from "node:path";
import { createServer } from "vite";

export type AppModules = {
  /** The module at a path from the project root, e.g. "/app/data/testing.server.ts". */
  load<T>(file: string): Promise<T>;
  close(): Promise<void>;
};

export async function appModules(): Promise<AppModules> {
  // The project's vite.config.ts would bring the Remix plugin, which nothing here needs.
  const server = await createServer({
    configFile: false,
    root: process.cwd(),
    logLevel: "warn",
    appType: "custom",
    resolve: { alias: { "~": path.resolve("app") } },
    server: { middlewareMode: true, hmr: false, watch: null },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  return {
    load: async <T>(file: string) => (await server.ssrLoadModule(file)) as T,
    close: () => server.close(),
  };
}
