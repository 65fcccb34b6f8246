import { describe, expect, it } from "vitest";
import { preloadsIn } from "./encryption-assets.server";

describe("preloadsIn", () => {
  it("names hash-wasm's built chunk once, and neither libsodium nor the page's own modules", () => {
    const manifest = {
      "node_modules/hash-wasm/dist/index.esm.js": { file: "assets/index.esm-abc.js" },
      "node_modules/libsodium-wrappers/dist/modules-esm/libsodium-wrappers.mjs": { file: "assets/libsodium-wrappers-def.js" },
      "app/routes/sign-in.tsx": { file: "assets/sign-in-ghi.js" },
      "../node_modules/hash-wasm/dist/index.esm.js": { file: "assets/index.esm-abc.js" },
    };
    expect(preloadsIn(manifest)).toEqual(["/assets/index.esm-abc.js"]);
    expect(preloadsIn({})).toEqual([]);
  });
});
