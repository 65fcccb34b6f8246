import { defineConfig } from "vitest/config";

const alias = { "~": new URL("./app", import.meta.url).pathname };

/** Chromium journeys against a production build; one file at a time, as they share one server. */
function e2eProject(name: string, globalSetup: string, include = ["tests/e2e/**/*.test.ts"]) {
  return {
    resolve: { alias },
    test: {
      name,
      include,
      globalSetup: [globalSetup],
      pool: "forks" as const,
      poolOptions: { forks: { singleFork: true } },
      testTimeout: 90_000,
      hookTimeout: 180_000,
    },
  };
}

// Pure unit tests, database tests on every engine available, and the end-to-end
// journeys in Chromium twice: on embedded PGlite and on a PostgreSQL server.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["app/**/*.test.ts", "app/**/*.test.tsx", "tests/unit/**/*.test.ts", "tests/mocks/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "db",
          include: ["tests/db/**/*.test.ts"],
          globalSetup: ["tests/support/db-global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      e2eProject("e2e", "tests/support/e2e-global-setup.ts"),
      e2eProject("e2e-postgres", "tests/support/e2e-postgres-global-setup.ts"),
      // Supabase mode: its own server (Supabase-style database, fake Supabase Auth) and journey.
      e2eProject("e2e-supabase", "tests/support/e2e-supabase-global-setup.ts", ["tests/e2e-supabase/**/*.test.ts"]),
    ],
  },
});
