import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogues } from "@switchboard/core/vendors/index";
import { bundleEntries } from "./bundle";
import { generatedEntries, operationEntryPath } from "./entries";

const root = dirname(fileURLToPath(import.meta.url));

async function entryFilesOnDisk(): Promise<string[]> {
  const vendorDirs = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory());
  const files: string[] = [];
  for (const dir of vendorDirs) {
    for (const f of await readdir(join(root, dir.name))) if (f.endsWith(".ts") && !f.endsWith(".test.ts")) files.push(relative(root, join(root, dir.name, f)));
  }
  return files.sort();
}

describe("Lambda entry files", () => {
  it("exist for exactly the catalogue's operations and consumers, and are up to date (run `npm run generate`)", async () => {
    const expected = generatedEntries();
    expect(await entryFilesOnDisk()).toEqual([...expected.keys()].sort());
    for (const [path, source] of expected) expect(await readFile(join(root, path), "utf8")).toBe(source);
  });
});

/**
 * Operations whose follow-up calls another (by its id): VSee's close answers only `{id}`, so its
 * follow-up reads the visit back to tell a cancelled appointment from a closed walk-in.
 */
const FOLLOW_UP_CALLS: Record<string, string[]> = { "vsee.closeVisit": ["vsee.getVisit"] };

describe("operation bundles", () => {
  it("hold their own catalogue entry and no other operation's", async () => {
    for (const operations of Object.values(catalogues)) {
      const bundles = await bundleEntries(operations.map(operationEntryPath));
      for (const op of operations) {
        const code = bundles.get(operationEntryPath(op))!;
        expect(code.length, `${op.id} bundled`).toBeGreaterThan(1000);
        // Names survive minification as string literals; paths do not tell apart a GET and a PATCH of one resource.
        expect(code).toContain(`"${op.name}"`);
        for (const other of operations) {
          if (other !== op && !FOLLOW_UP_CALLS[op.id]?.includes(other.id)) expect(code, `${op.id} bundles ${other.id}`).not.toContain(`"${other.name}"`);
        }
      }
    }
  }, 300_000);
});
