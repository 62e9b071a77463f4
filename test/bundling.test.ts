import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { BUNDLINGS, bundleEntry, DEPLOYED_BUNDLING, sstNodejsOptions } from "@switchboard/functions/bundle";
import { stageConfig } from "../stacks/config";
import { defaultFunctionProps } from "../stacks/functions";

/** The benchmark measures packages/functions/src/bundle.ts's bundles; the stacks must deploy the same. */
describe("Lambda bundling", () => {
  it("deploys the bundling the benchmark calls deployed", () => {
    const { nodejs } = defaultFunctionProps("test", stageConfig("test", {}));
    const { splitting, esbuild } = sstNodejsOptions(BUNDLINGS[DEPLOYED_BUNDLING]);
    expect({ splitting: nodejs?.splitting, esbuild: nodejs?.esbuild }).toEqual({ splitting, esbuild });
  });

  it("loads only DynamoDB at a read operation's init: the other clients are chunks read on first use", async () => {
    const dir = await mkdtemp(join(tmpdir(), "switchboard-bundle-"));
    try {
      const { metafile } = await bundleEntry("mocdoc/listLocations.ts", join(dir, "listLocations.mjs"));
      const files = await readdir(dir);
      expect(files.filter((f) => f.endsWith(".mjs")).length).toBeGreaterThan(1);
      // The SDK is inside the bundle, not left for the runtime to resolve.
      expect(Object.keys(metafile.inputs).some((path) => path.includes("node_modules/@aws-sdk/client-dynamodb/"))).toBe(true);
      // What loads at init: the entry and the chunks it imports statically, transitively.
      const atInit = new Set<string>();
      const visit = (path: string) => {
        if (atInit.has(path)) return;
        atInit.add(path);
        for (const imported of metafile.outputs[path]!.imports) if (imported.kind === "import-statement" && metafile.outputs[imported.path]) visit(imported.path);
      };
      visit(Object.keys(metafile.outputs).find((path) => path.endsWith("/listLocations.mjs"))!);
      const holding = (sdk: string) => Object.keys(metafile.outputs).filter((out) => Object.keys(metafile.outputs[out]!.inputs).some((input) => input.includes(`@aws-sdk/${sdk}/`)));
      for (const sdk of ["client-sqs", "client-s3", "client-eventbridge", "client-secrets-manager"]) {
        expect(holding(sdk).length, `${sdk} is bundled`).toBeGreaterThan(0);
        expect(holding(sdk).filter((out) => atInit.has(out)), `${sdk} is not loaded at init`).toEqual([]);
      }
      expect(holding("client-dynamodb").some((out) => atInit.has(out)), "DynamoDB is").toBe(true);
      const loaded = (await import(pathToFileURL(join(dir, "listLocations.mjs")).href)) as { handler: unknown };
      expect(typeof loaded.handler).toBe("function");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
