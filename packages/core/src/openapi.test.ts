import { describe, expect, it } from "vitest";
import { buildOpenApi } from "./openapi";
import { allOperations } from "./vendors/index";
import { syncs } from "./vendors/syncs";

describe("OpenAPI document", () => {
  const doc = buildOpenApi(allOperations());
  const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods) as { operationId: string; parameters: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }[]);

  it("has every catalogue operation exactly once, under its operationId", () => {
    const ids = operations.map((o) => o.operationId).filter((id) => id !== "jobs.get");
    expect(ids.sort()).toEqual(allOperations().map((o) => o.id).sort());
  });

  it("documents the backfill endpoint of every vendor with a sync", () => {
    const withSync = buildOpenApi(allOperations(), syncs);
    const post = (withSync.paths["/v1/mocdoc/{connectionId}/sync"] as { post: { operationId: string } }).post;
    expect(post.operationId).toBe("mocdoc.sync");
    expect(withSync.paths["/v1/sync-runs/{runId}"]).toBeDefined();
  });

  it("documents inputs from the catalogue schemas", () => {
    const book = operations.find((o) => o.operationId === "mocdoc.bookAppointment")!;
    expect(book.requestBody!.content["application/json"]!.schema.required).toEqual(expect.arrayContaining(["fname", "phone", "date", "start", "drkey", "entitylocation"]));
    expect(book.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:connectionId", "header:Idempotency-Key"]);
  });
});
