/**
 * The module map of docs/decisions/004-module-map.md, checked on every `npm test`
 * (`npm run check:modules`). One rule per arrow of the map; each rule's comment is
 * what a failing run prints, so it says what to do instead.
 *
 * Paths are matched against files relative to the project root, after resolving
 * `~/*` (tsconfig paths) and packages: `app/data/db.server.ts`,
 * `node_modules/kysely/...`, `node:crypto`.
 *
 * Test files (*.test.ts(x), *-test-helpers.ts, tests/**) are exempt from the map:
 * they may reach anything. They still take part in `no-circular` and `no-unresolvable`.
 * bench/ may reach crypto, libsodium and the database (it times them); the folder rules
 * below name app/ folders only, so nothing else holds it.
 *
 * Type-only imports are arrows like any other (tsPreCompilationDeps), except that a cycle
 * closed by an `import type` is not reported: see no-circular.
 *
 * The per-folder allow-lists below also list app/crypto and app/routes: not because those
 * imports are allowed, but because crypto-only-in-features and routes-are-entry-points
 * report them, so each wrong import is reported once, under the rule that explains it.
 */

/** Files the map does not hold to its arrows. */
const TESTS = ["\\.test\\.tsx?$", "-test-helpers\\.ts$", "^tests/"];

/** Route-like modules: one file per URL, plus the root route and the two entries. */
const ROUTE_LIKE = ["^app/routes/", "^app/root\\.tsx$", "^app/entry\\.(client|server)\\.tsx$"];

/** Packages that talk to the database: only app/data (and tests) name them. */
const SQL_PACKAGES = "^node_modules/(kysely|kysely-pglite-dialect|pg|@electric-sql/pglite)/";

/**
 * libsodium (the standard build in the browser, sumo on the server), hash-wasm's Argon2id and
 * SHA-256, and @noble/hashes' BLAKE2b (crypto_kdf before libsodium has arrived: crypto/subkeys.ts).
 */
const SODIUM = "^node_modules/((@types/)?libsodium-wrappers(-sumo)?|hash-wasm|@noble/hashes)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ── Everywhere ──────────────────────────────────────────────────────────
    {
      name: "no-circular",
      severity: "error",
      comment:
        "This import closes a cycle (the chain is listed below). Cycles make load order fragile and " +
        "blur which module owns what. Move the shared piece into the lower module (often domain/ or a " +
        "small file of its own) so the arrows point one way.",
      from: {},
      // Runtime cycles only. A cycle closed by an `import type` is erased by the compiler and
      // cannot change load order; Remix types root data that way (the shell names root's
      // loader type while root renders the shell), and auth-provider.server.ts declares the
      // result types its embedded implementation returns. Every other rule counts type-only imports.
      to: { circular: true, dependencyTypesNot: ["type-only"], viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment:
        "This import cannot be resolved to a file. Check the path (use ~/… for app/ files) or add the " +
        "package to package.json.",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-server-code-in-client-files",
      severity: "error",
      comment:
        "A *.client.ts(x) file runs only in the browser and must not import a *.server.ts file. Pass " +
        "what it needs through the loader or a route's reply instead.",
      from: { path: "\\.client\\.tsx?$", pathNot: TESTS },
      to: { path: "\\.server\\.tsx?$" },
    },
    {
      name: "no-client-code-in-server-files",
      severity: "error",
      comment:
        "A *.server.ts file runs only on the server and must not import a *.client.ts(x) file. Move the " +
        "shared part into a plain module (domain/ or forms/).",
      from: { path: "\\.server\\.tsx?$", pathNot: TESTS },
      to: { path: "\\.client\\.tsx?$" },
    },
    {
      name: "routes-are-entry-points",
      severity: "error",
      comment:
        "Route modules are loaded by Remix, not imported. Move what you need from the route into " +
        "features/, forms/ or data/ and import it from there in both places.",
      from: { pathNot: [...TESTS, "^app/routes/"] },
      to: { path: "^app/routes/" },
    },
    {
      name: "routes-do-not-import-routes",
      severity: "error",
      comment:
        "One route does not import another. Move the shared piece into features/, forms/ or data/ and " +
        "import it from there in both routes.",
      from: { path: "^app/routes/", pathNot: TESTS },
      to: { path: "^app/routes/" },
    },
    {
      name: "server-main-is-an-entry-point",
      severity: "error",
      comment:
        "app/server/main.ts starts the HTTP server; nothing imports it. Put shared server pieces in " +
        "their own app/server/*.ts file.",
      from: { pathNot: TESTS },
      to: { path: "^app/server/main\\.ts$" },
    },

    // ── domain ─────────────────────────────────────────────────────────────
    {
      name: "domain-is-pure",
      severity: "error",
      comment:
        "app/domain holds pure rules and formats: it imports only other domain files and zod. No node: " +
        "built-ins, no I/O, no React, no other app folder. Move I/O to data/ (server) or features/ " +
        "(browser) and pass the values in; move UI words to i18n.",
      from: { path: "^app/domain/", pathNot: TESTS },
      to: { pathNot: ["^app/domain/", "^node_modules/zod/"] },
    },

    // ── crypto ─────────────────────────────────────────────────────────────
    {
      name: "crypto-is-a-leaf",
      severity: "error",
      comment:
        "app/crypto is the browser's libsodium core: it imports only app/crypto, app/domain (formats, " +
        "KDF policy, errors), libsodium-wrappers, hash-wasm and @noble/hashes. Pass anything else in as an argument from the " +
        "feature that calls it.",
      from: { path: "^app/crypto/", pathNot: TESTS },
      to: { pathNot: ["^app/crypto/", "^app/domain/", SODIUM] },
    },
    {
      name: "data-knows-no-crypto",
      severity: "error",
      comment:
        "app/data stores ciphertext as opaque values and never encrypts or decrypts: it must not import " +
        "app/crypto. Check shapes with app/domain/formats instead.",
      from: { path: "^app/data/", pathNot: TESTS },
      to: { path: "^app/crypto/" },
    },
    {
      name: "routes-use-features-not-crypto",
      severity: "error",
      comment:
        "A route names steps; it does not call crypto itself. Put the use case (derive, seal, open, …) " +
        "in app/features/<feature>/ and call that from the route.",
      from: { path: ROUTE_LIKE, pathNot: TESTS },
      to: { path: "^app/crypto/" },
    },
    {
      name: "crypto-only-in-features",
      severity: "error",
      comment:
        "app/crypto runs in the browser and is used only by app/features/** (and tests, bench). Server " +
        "files, auth, forms, components, jobs and i18n must not import it: call a feature, or for shared " +
        "formats import app/domain/formats.",
      from: { pathNot: [...TESTS, "^bench/", "^app/(crypto|features|data|routes)/", ...ROUTE_LIKE] },
      to: { path: "^app/crypto/" },
    },
    {
      name: "libsodium-only-in-crypto-core",
      severity: "error",
      comment:
        "Only app/crypto (the browser) and app/auth/auth-key-hash.server.ts (the server-side auth-key " +
        "hash) import libsodium, hash-wasm or @noble/hashes. Call one of those instead.",
      from: {
        pathNot: [...TESTS, "^bench/", "^app/crypto/", "^app/auth/auth-key-hash\\.server\\.ts$"],
      },
      to: { path: SODIUM },
    },

    // ── data ───────────────────────────────────────────────────────────────
    {
      name: "data-knows-no-url",
      severity: "error",
      comment:
        "app/data knows no URL: no @remix-run/*, no routes, no root or entry module. Return a typed " +
        "result (or a reason) and let the route turn it into a reply.",
      from: { path: "^app/data/", pathNot: TESTS },
      to: { path: ["^node_modules/@remix-run/", "^app/root\\.tsx$", "^app/entry\\.(client|server)\\.tsx$"] },
    },
    {
      name: "data-is-below-the-app",
      severity: "error",
      comment:
        "app/data imports only app/data, app/domain, app/env.server.ts and app/server/log.server.ts. " +
        "It never imports auth, forms, features, components, i18n or jobs: take the values as arguments " +
        "from the caller.",
      from: { path: "^app/data/", pathNot: TESTS },
      to: {
        path: "^app/",
        pathNot: [
          "^app/(data|domain|crypto|routes)/",
          "^app/(root|entry\\.(client|server))\\.tsx$",
          "^app/env\\.server\\.ts$",
          "^app/server/log\\.server\\.ts$",
        ],
      },
    },
    {
      name: "sql-only-in-data",
      severity: "error",
      comment:
        "Only app/data talks to the database: kysely, pg and PGlite are imported there and nowhere " +
        "else (type-only imports too). Write a data function in app/data/<aggregate>.server.ts that " +
        "takes a transaction scope, and call it.",
      from: { pathNot: [...TESTS, "^bench/", "^app/data/"] },
      to: { path: SQL_PACKAGES },
    },
    {
      name: "routes-call-data-functions",
      severity: "error",
      comment:
        "Routes (and root, entries) call data functions in app/data/*.server.ts, not the schema, the " +
        "SQL helpers or the migrator. Add a data function that returns what the route needs.",
      from: { path: ROUTE_LIKE, pathNot: TESTS },
      to: { path: ["^app/data/(?!.*\\.server\\.ts$)", "^app/data/migrate\\.server\\.ts$"] },
    },

    // ── auth ───────────────────────────────────────────────────────────────
    {
      name: "only-auth-provider-imports-embedded",
      severity: "error",
      comment:
        "embedded-auth.server.ts and session.server.ts are the embedded provider's implementation. " +
        "Outside app/auth, use getAuthProvider() from ~/auth/auth-provider.server (or " +
        "current-account.server / auth-replies.server), so another provider can replace them.",
      from: { pathNot: [...TESTS, "^app/auth/"] },
      to: { path: "^app/auth/(embedded-auth|session)\\.server\\.ts$" },
    },
    {
      name: "routes-use-the-auth-seam",
      severity: "error",
      comment:
        "Routes reach auth only through auth-provider.server.ts, current-account.server.ts and " +
        "auth-replies.server.ts. Add what you need there.",
      from: { path: ROUTE_LIKE, pathNot: TESTS },
      to: {
        path: "^app/auth/",
        pathNot: "^app/auth/(auth-provider|current-account|auth-replies|embedded-auth|session)\\.server\\.ts$",
      },
    },
    {
      name: "auth-knows-no-ui",
      severity: "error",
      comment:
        "app/auth is server-side: it imports app/auth, data, domain, forms, server, i18n and " +
        "env.server.ts, never features, components, jobs or routes. Return a value and let the route " +
        "render it.",
      from: { path: "^app/auth/", pathNot: TESTS },
      to: {
        path: "^app/",
        pathNot: ["^app/(auth|data|domain|forms|server|i18n|crypto|routes)/", "^app/env\\.server\\.ts$"],
      },
    },

    // ── forms ──────────────────────────────────────────────────────────────
    {
      name: "forms-are-wire-shapes",
      severity: "error",
      comment:
        "app/forms holds wire shapes, form replies and CSRF: it imports app/forms, domain, server " +
        "(cookies) and env.server.ts, never auth, data, features, components or routes. Let the route " +
        "combine forms with those.",
      from: { path: "^app/forms/", pathNot: TESTS },
      to: {
        path: "^app/",
        pathNot: ["^app/(forms|domain|server|crypto|routes)/", "^app/env\\.server\\.ts$"],
      },
    },

    // ── features ───────────────────────────────────────────────────────────
    {
      name: "features-stay-in-the-browser",
      severity: "error",
      comment:
        "app/features/<feature> holds browser use cases and UI pieces: it imports crypto, domain, " +
        "forms (not *.server), components/ui, i18n and other features; never data, auth, jobs, server, " +
        "the shell, routes or any *.server file. Take server data as props from the route's loader.",
      from: { path: "^app/features/", pathNot: TESTS },
      to: {
        path: ["^app/(?!(features|crypto|domain|forms|i18n|components/ui|routes)/)", "\\.server\\.tsx?$"],
      },
    },

    // ── components ─────────────────────────────────────────────────────────
    {
      name: "ui-is-generic",
      severity: "error",
      comment:
        "app/components/ui is generic UI: it imports only components/ui, domain, forms (client-safe " +
        "files) and i18n. Not the shell, features, root or any *.server file: take the value as a prop, " +
        "or from a React context that root provides (as ui/inline-scripts.tsx does).",
      from: { path: "^app/components/ui/", pathNot: TESTS },
      to: {
        path: ["^app/(?!(components/ui|domain|forms|i18n|crypto|routes)/)", "\\.server\\.tsx?$"],
      },
    },
    {
      name: "shell-wraps-ui-and-features",
      severity: "error",
      comment:
        "app/components/shell (header, quick exit) imports components, features, domain, forms " +
        "(client-safe files) and i18n; no *.server file, data, auth, jobs or server. Take server " +
        "values from the root loader (see shell-reads-root-types-only) or as props.",
      from: { path: "^app/components/shell/", pathNot: TESTS },
      to: {
        path: ["^app/(?!(components|features|domain|forms|i18n|crypto|routes)/|root\\.tsx$)", "\\.server\\.tsx?$"],
      },
    },
    {
      name: "shell-reads-root-types-only",
      severity: "error",
      comment:
        "app/components/shell may name the root loader's type (`import type { loader } from \"~/root\"`, " +
        "for useRouteLoaderData<typeof loader>) but never import root.tsx's code: that would run the " +
        "root route inside the shell it renders. Use `import type`.",
      from: { path: "^app/components/shell/", pathNot: TESTS },
      to: { path: "^app/root\\.tsx$", dependencyTypesNot: ["type-only"] },
    },

    // ── jobs, server, i18n, env ────────────────────────────────────────────
    {
      name: "jobs-run-on-data",
      severity: "error",
      comment:
        "app/jobs (scheduled system jobs) imports only app/jobs, data, domain, server/log.server.ts and " +
        "env.server.ts. Put the work in a data function and call it from the job.",
      from: { path: "^app/jobs/", pathNot: TESTS },
      to: {
        path: "^app/",
        pathNot: [
          "^app/(jobs|data|domain|crypto|routes)/",
          "^app/server/log\\.server\\.ts$",
          "^app/env\\.server\\.ts$",
        ],
      },
    },
    {
      name: "server-main-loads-the-build",
      severity: "error",
      comment:
        "app/server/main.ts loads the Remix server build and reaches the app only through it; it " +
        "imports app/server/* and env.server.ts. Export what it needs from app/entry.server.tsx.",
      from: { path: "^app/server/main\\.ts$" },
      to: { path: "^app/", pathNot: ["^app/server/", "^app/env\\.server\\.ts$", "^app/crypto/"] },
    },
    {
      name: "server-is-plumbing",
      severity: "error",
      comment:
        "app/server (headers, cookies, logging) is HTTP plumbing: it imports app/server, domain and " +
        "env.server.ts only. Nothing above it (auth, data, forms, features, …).",
      from: { path: "^app/server/", pathNot: [...TESTS, "^app/server/main\\.ts$"] },
      to: {
        path: "^app/",
        pathNot: ["^app/(server|domain|crypto|routes)/", "^app/env\\.server\\.ts$"],
      },
    },
    {
      name: "i18n-is-words-and-formats",
      severity: "error",
      comment:
        "app/i18n (the translator, locales, date formats, page titles) imports app/i18n, domain and " +
        "server/cookies.server.ts only. Pass anything else in.",
      from: { path: "^app/i18n/", pathNot: TESTS },
      to: {
        path: "^app/",
        pathNot: ["^app/(i18n|domain|crypto|routes)/", "^app/server/cookies\\.server\\.ts$"],
      },
    },
    {
      name: "calendar-is-a-format",
      severity: "error",
      comment:
        "app/calendar writes calendar files from values it is given: it imports app/calendar and " +
        "domain only. Read the meetings in the route and pass them in.",
      from: { path: "^app/calendar/", pathNot: TESTS },
      to: { path: "^app/", pathNot: ["^app/(calendar|domain|crypto|routes)/"] },
    },
    {
      name: "env-is-a-leaf",
      severity: "error",
      comment:
        "app/env.server.ts is the environment schema checked at start: it imports zod (and domain) only.",
      from: { path: "^app/env\\.server\\.ts$" },
      to: { path: "^app/", pathNot: ["^app/domain/"] },
    },

    // ── routes, root, entries ──────────────────────────────────────────────
    {
      name: "routes-import-the-map",
      severity: "error",
      comment:
        "Routes (and root.tsx, entry.client.tsx) import auth, calendar, data, domain, forms, features, " +
        "components, i18n, env.server.ts and client-manifest.server.ts (which chunks to preload). " +
        "Jobs, server internals and the like belong behind one of those.",
      from: { path: ROUTE_LIKE, pathNot: [...TESTS, "^app/entry\\.server\\.tsx$"] },
      to: {
        path: "^app/",
        pathNot: [
          "^app/(auth|calendar|data|domain|forms|features|components|i18n|crypto|routes|styles)/",
          "^app/(env|client-manifest)\\.server\\.ts$",
        ],
      },
    },
    {
      name: "entry-server-imports-the-map",
      severity: "error",
      comment:
        "app/entry.server.tsx imports what routes may, plus jobs, data/db.server.ts (to hand them to " +
        "app/server/main.ts) and server/log.server.ts.",
      from: { path: "^app/entry\\.server\\.tsx$" },
      to: {
        path: "^app/",
        pathNot: [
          "^app/(auth|data|domain|forms|features|components|i18n|crypto|routes|jobs)/",
          "^app/env\\.server\\.ts$",
          "^app/server/log\\.server\\.ts$",
        ],
      },
    },
    {
      name: "routes-use-no-node-builtins",
      severity: "error",
      comment:
        "Route modules are bundled for the browser too: no node: built-ins. Put the server work in " +
        "app/data, app/auth or another *.server.ts module and call it from the loader or action.",
      from: { path: ROUTE_LIKE, pathNot: [...TESTS, "^app/entry\\.server\\.tsx$"] },
      to: { dependencyTypes: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules"] },
    // Build output (also bench/bare-remix/build) and the embedded database are not code.
    // node_modules is not excluded, only not followed: rules look at imports of packages.
    exclude: { path: ["(^|/)build/", "^\\.data/"] },
    // Type-only imports (`import type`, `typeof import(…)`) are arrows too.
    tsPreCompilationDeps: true,
    // Resolve `~/*` as tsconfig.json says.
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
      mainFields: ["module", "main", "types", "typings"],
    },
  },
};
