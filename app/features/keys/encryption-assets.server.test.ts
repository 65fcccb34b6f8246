import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { keyWorkerIn, preloadsIn } from "./encryption-assets.server";

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

describe("keyWorkerIn", () => {
  it("names the one built key worker of a build's assets, and nothing when there is none, or more than one", () => {
    const assets = mkdtempSync(path.join(tmpdir(), "tongxing-assets-"));
    try {
      expect(keyWorkerIn(path.join(assets, "missing"))).toBeNull();
      writeFileSync(path.join(assets, "every-page-abc.js"), "");
      writeFileSync(path.join(assets, "key-work.worker-D9srs_Vq.js.gz"), "");
      expect(keyWorkerIn(assets)).toBeNull();
      writeFileSync(path.join(assets, "key-work.worker-D9srs_Vq.js"), "");
      expect(keyWorkerIn(assets)).toBe("/assets/key-work.worker-D9srs_Vq.js");
      writeFileSync(path.join(assets, "key-work.worker-Other123.js"), "");
      expect(keyWorkerIn(assets)).toBeNull();
    } finally {
      rmSync(assets, { recursive: true, force: true });
    }
  });
});
