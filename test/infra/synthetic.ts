import * as v from "valibot";
import { defineOperation, type AnyOperation, type HttpMethod } from "@switchboard/core/catalogue";
import { mocdoc } from "@switchboard/core/vendors/mocdoc/vendor";

/**
 * How many operations each vendor's catalogue will hold once complete, counted from the vendor
 * documentation in ../shared/vendor-docs (outside this repository, so the counts are written down).
 * Sync infrastructure follows the vendor id (`hasSync`), in the stacks and the expectations alike:
 * the synthetic mocdoc gets MocDoc's real sync functions, the others (no daily datasets yet) none.
 */
export const FULL_OPERATION_COUNTS: Record<string, number> = {
  // mocdoc-api.txt, as counted for the MocDoc catalogue (2 entries exist today).
  mocdoc: 47,
  // docplanner-openapi-1.14.0.json: 44 method + path pairs over 32 paths.
  docplanner: 44,
  // teladoc-solo-api.txt: 41 endpoints under /qapi/v1 (patients, appointments, links, episodes, reports, webhooks, assistance),
  // plus our context-link builder (42 entries exist).
  solo: 42,
  // vsee-clinic-api.txt: 14 endpoints (intakes, visits, availability, visit summary export), and SSO from vendor-api-notes.md.
  vsee: 15,
  // healthdock-api.txt: list/create patients, list/create appointments; OAuth authorize is the consent flow, not an operation.
  healthdock: 4,
};

const METHODS: HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** `count` well-formed catalogue entries for a vendor id, with distinct routes. */
export function syntheticOperations(vendorId: string, count: number): AnyOperation[] {
  const vendor = { ...mocdoc, id: vendorId, title: `Synthetic ${vendorId}` };
  return Array.from({ length: count }, (_, i) =>
    defineOperation({
      vendor,
      name: `syntheticOperation${i + 1}`,
      summary: "Synthetic operation for stack sizing",
      kind: i % 2 ? "write" : "read",
      pacingClass: "default",
      route: { method: METHODS[i % METHODS.length]!, path: `/synthetic/${i + 1}` },
      request: { method: "GET", path: `/synthetic/${i + 1}`, contentType: "application/json" },
      input: v.strictObject({}),
    }),
  );
}

export function syntheticCatalogue(counts: Record<string, number>): Record<string, AnyOperation[]> {
  return Object.fromEntries(Object.entries(counts).map(([vendor, count]) => [vendor, syntheticOperations(vendor, count)]));
}
