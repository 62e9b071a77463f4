import { createConfig, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "./openapi";
import { MAX_VENDOR_FIELDS_BYTES } from "./vendor-fields";
import { allOperations } from "./vendors/index";
import { syncs } from "./vendors/syncs";

interface OperationObject {
  operationId: string;
  description?: string;
  parameters: { name: string; in: string }[];
  responses: Record<string, unknown>;
  "x-switchboard": { vendorFields: string };
  requestBody?: { content: Record<string, { schema: { required?: string[]; additionalProperties?: unknown; propertyNames?: { pattern: string } } }> };
}

const lint = async (document: unknown) =>
  lintFromString({ source: JSON.stringify(document), absoluteRef: "openapi.json", config: await createConfig({ extends: ["recommended"] }) });

describe("OpenAPI document", () => {
  const doc = buildOpenApi(allOperations());
  const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods) as OperationObject[]);
  const operation = (id: string) => operations.find((o) => o.operationId === id)!;
  const bodySchema = (id: string) => operation(id).requestBody!.content["application/json"]!.schema;

  it("has every catalogue operation exactly once, under its operationId", () => {
    const ids = operations.map((o) => o.operationId).filter((id) => id !== "jobs.get" && !id.startsWith("fhir."));
    expect(ids.sort()).toEqual(allOperations().map((o) => o.id).sort());
  });

  it("documents the FHIR facade's routes", () => {
    const fhir = operations.map((o) => o.operationId).filter((id) => id.startsWith("fhir."));
    expect(fhir.sort()).toEqual(["fhir.capabilities", "fhir.create", "fhir.patch", "fhir.read", "fhir.search"]);
    // The interactions act as the request's user where the vendor's calls do (VSee).
    const headers = (id: string) => operation(id).parameters.filter((p) => p.in === "header").map((p) => p.name);
    expect(["fhir.search", "fhir.read", "fhir.create", "fhir.patch"].map(headers)).toEqual([["X-Acting-User"], ["X-Acting-User"], ["X-Acting-User", "Idempotency-Key"], ["X-Acting-User", "Idempotency-Key"]]);
    expect(headers("fhir.capabilities")).toEqual([]);
  });

  it("documents the backfill endpoint of every vendor with a sync", () => {
    const withSync = buildOpenApi(allOperations(), syncs);
    const post = (withSync.paths["/v1/mocdoc/{connectionId}/sync"] as { post: { operationId: string } }).post;
    expect(post.operationId).toBe("mocdoc.sync");
    expect(withSync.paths["/v1/sync-runs/{runId}"]).toBeDefined();
  });

  it("documents inputs from the catalogue schemas", () => {
    const book = operation("mocdoc.bookAppointment");
    expect(bodySchema("mocdoc.bookAppointment").required).toEqual(["fname", "phone"]);
    expect(book.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:connectionId", "header:Idempotency-Key"]);
  });

  it("says which operations accept further vendor fields, with their rules, and keeps the others closed", () => {
    const passthrough = allOperations().filter((op) => op.vendorFields === "passthrough" && op.route.method !== "GET" && op.route.method !== "DELETE").map((op) => op.id);
    expect(passthrough.sort()).toEqual([
      ...["bookAppointment", "bookTeleconsultAppointment", "createOpBill", "createPharmacyBill", "registerPatient", "updatePatient"].map((n) => `mocdoc.${n}`),
      ...["createContextLink", "createPatient", "updatePatient", "updatePatientBySpid", "updateVisitNote"].map((n) => `solo.${n}`),
      // VSee documents examples, not field tables: every operation but SSO.
      ...["closeVisit", "createAppointment", "createEconsultVisit", "createIntake", "createWalkinVisit", "updateAppointment", "updateIntake"].map((n) => `vsee.${n}`),
    ]);
    for (const id of passthrough) {
      const schema = bodySchema(id);
      expect(operation(id)["x-switchboard"].vendorFields).toBe("passthrough");
      expect(operation(id).description).toMatch(/further (MocDoc|Teladoc Health Solo|VSee Clinic) fields/);
      expect(schema.propertyNames?.pattern).toBe("^[A-Za-z][A-Za-z0-9_]{0,63}$");
      expect((schema.additionalProperties as { description: string }).description).toContain(`${MAX_VENDOR_FIELDS_BYTES} bytes`);
    }
    expect(bodySchema("mocdoc.updateAppointmentStatus").additionalProperties).toBe(false);
    expect(operation("mocdoc.updateAppointmentStatus")["x-switchboard"].vendorFields).toBe("strict");
  });

  it("declares the bearer JWT scheme and requires it on every operation", () => {
    const full = buildOpenApi(allOperations(), syncs);
    expect(full.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: "http", scheme: "bearer", bearerFormat: "JWT" }) });
    const all = Object.values(full.paths).flatMap((methods) => Object.values(methods) as { operationId: string; security?: unknown[] }[]);
    expect(all.length).toBeGreaterThan(allOperations().length);
    const effective = all.map((o) => [o.operationId, o.security ?? full.security]);
    expect(effective).toEqual(all.map((o) => [o.operationId, [{ bearer: [] }]]));
  });

  it("names VSee's visit types and statuses, says where typed fields are, and takes the acting user where an operation acts as one", () => {
    const type = bodySchema("vsee.createAppointment") as unknown as { properties: { type: { anyOf: { const?: unknown; title?: string }[]; description: string } } };
    expect(type.properties.type.anyOf.filter((o) => o.title).map((o) => [o.const, o.title])).toEqual([
      [1, "walk-in"],
      [2, "appointment"],
      [3, "e-consult"],
    ]);
    const status = operation("vsee.listVisits").parameters.find((p) => p.name === "status") as unknown as { schema: { anyOf: { const?: unknown }[]; description: string } };
    expect(status.schema.anyOf.map((o) => o.const).filter(Boolean)).toEqual([10, 20, 30, 40]);
    expect(status.schema.description).toMatch(/^A visit status: 10 /);
    expect((operation("vsee.getVisit").responses["200"] as { description: string }).description).toMatch(/`_typed`/);
    const headers = (id: string) => operation(id).parameters.filter((p) => p.in === "header").map((p) => p.name);
    expect(headers("vsee.getCurrentVisit")).toEqual(["X-Acting-User"]);
    expect(headers("vsee.ssoLogin")).toEqual(["X-Acting-User", "Idempotency-Key"]);
    expect(headers("healthdock.createPatient")).toEqual(["Idempotency-Key"]);
  });

  it("documents 415 where a route takes a body, not on reads", () => {
    expect(operation("mocdoc.bookAppointment").responses).toHaveProperty("415");
    expect(operation("mocdoc.listLocations").responses).not.toHaveProperty("415");
  });

  it("passes Redocly's recommended lint with servers for the local stack and a deployed stage", async () => {
    const full = buildOpenApi(allOperations(), syncs);
    expect(full.servers.map((s) => s.url)).toEqual(["http://127.0.0.1:3000", "https://{apiId}.execute-api.{region}.amazonaws.com"]);
    const problems = await lint(full);
    expect(problems.filter((p) => p.severity === "error").map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    // The private API has no licence to state; nothing else may warn.
    expect(problems.map((p) => p.ruleId).filter((rule) => rule !== "info-license")).toEqual([]);
  });

  it("is linted for real: without servers the same lint fails", async () => {
    const { servers: _servers, ...withoutServers } = buildOpenApi(allOperations(), syncs);
    const problems = await lint(withoutServers);
    expect(problems.filter((p) => p.severity === "error").map((p) => p.ruleId)).toContain("no-empty-servers");
  });
});
