import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedFiles, loadContract, vendorDir } from "./generate";

describe("Docplanner catalogue generated from the contract", () => {
  it("is up to date with contract/docplanner-openapi-1.14.0.json (run `npm run generate`)", async () => {
    const files = generatedFiles(await loadContract());
    const operations = [...files.keys()].filter((f) => f.startsWith("operations/")).map((f) => f.slice("operations/".length)).sort();
    expect((await readdir(join(vendorDir, "operations"))).sort()).toEqual(operations);
    for (const [path, source] of files) expect(await readFile(join(vendorDir, path), "utf8"), path).toBe(source);
  });
});
