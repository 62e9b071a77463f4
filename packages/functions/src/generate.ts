import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generatedEntries } from "./entries";

/** Writes one entry file per catalogue operation and one consumer per vendor. */
const root = dirname(fileURLToPath(import.meta.url));
for (const [path, source] of generatedEntries()) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), source);
}
console.log(`wrote ${generatedEntries().size} entry files`);
