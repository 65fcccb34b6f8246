// ESLint 9 flat config: JavaScript and typescript-eslint recommended rules, the rules of
// hooks, and jsx-a11y. Errors are kept for real problems; the module map (who may import
// whom) is checked by dependency-cruiser (.dependency-cruiser.cjs), not here.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default defineConfig([
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  globalIgnores(["**/build/", "**/node_modules/", ".data/", ".cache/", "public/"]),

  js.configs.recommended,
  tseslint.configs.recommended,

  {
    files: ["**/*.{ts,tsx}"],
    rules: {
      // `_` marks a parameter a signature needs but the body does not use (Express handlers,
      // event listeners); rest siblings drop a field from a copy.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },

  {
    // The two classic rules of hooks. The plugin's v7 "recommended" set also turns on the
    // React Compiler's rules (set-state-in-effect, refs, purity, …): they are written for
    // code the compiler memoizes, and set-state-in-effect would forbid the SSR-safe
    // "read browser-only state after hydration" effects (useHydrated, tab keys) this
    // React 18 app relies on. Missing effect dependencies are stale-closure bugs: an error.
    files: ["**/*.{ts,tsx,js,jsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },

  {
    files: ["**/*.{tsx,jsx}"],
    extends: [jsxA11y.flatConfigs.recommended],
    rules: {
      // Data tables (components/ui/table.tsx) state their table roles on purpose: once CSS
      // turns rows into cards on a phone, some browsers drop the implicit table semantics.
      // These options allow exactly those roles; everything else stays as recommended.
      "jsx-a11y/no-redundant-roles": [
        "error",
        {
          nav: ["navigation"],
          table: ["table"],
          thead: ["rowgroup"],
          tbody: ["rowgroup"],
          tfoot: ["rowgroup"],
          tr: ["row"],
          th: ["columnheader", "rowheader"],
          td: ["cell"],
        },
      ],
      "jsx-a11y/no-interactive-element-to-noninteractive-role": [
        "error",
        { tr: ["none", "presentation", "row"], td: ["cell"], canvas: ["img"] },
      ],
    },
  },

  {
    // Links to our pages are PageLink (components/ui/page-link, decision 039): a plain <a>,
    // where Remix's <Link> runs a dozen hooks per link on the server. Only the page prefetch
    // needs <Link>'s own prefetching.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/components/ui/prefetch-page.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@remix-run/react", importNames: ["Link", "NavLink"], message: "Use PageLink from ~/components/ui/page-link (decision 039)." }] },
      ],
    },
  },

  {
    // CommonJS config files (dependency-cruiser's).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
]);
