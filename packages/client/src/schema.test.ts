import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { apiDocument } from "@switchboard/core/api-document";
import { SCHEMA_FILE, schemaSource } from "./schema-source";

/** The first line where two sources differ, with its number, or undefined when they are equal. */
function firstDifference(actual: string, expected: string): string | undefined {
  const a = actual.split("\n");
  const e = expected.split("\n");
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `line ${i + 1}: on disk ${JSON.stringify(a[i])}, generated ${JSON.stringify(e[i])}`;
  }
  return undefined;
}

describe("the client's generated types", () => {
  it("are up to date with the OpenAPI document (run `npm run generate`)", async () => {
    expect(firstDifference(await readFile(SCHEMA_FILE, "utf8"), await schemaSource())).toBeUndefined();
  }, 60_000);

  it("follow the document: a route it gains or loses changes them", async () => {
    const document = apiDocument();
    const { "/v1/jobs/{jobId}": _jobs, ...paths } = document.paths;
    const without = await schemaSource({ ...document, paths });
    const withExtra = await schemaSource({ ...document, paths: { ...document.paths, "/v1/probe": { get: { operationId: "probe.get", responses: { "204": { description: "none" } } } } } });
    expect(await schemaSource(document)).toContain('"/v1/jobs/{jobId}": {');
    expect(without).not.toContain('"/v1/jobs/{jobId}": {');
    expect(withExtra).toContain('"probe.get": {');
  }, 60_000);
});
