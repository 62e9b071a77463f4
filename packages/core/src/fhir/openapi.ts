import { ACTING_USER_HEADER } from "../auth/acting-user";
import { FHIR_RESOURCE_TYPES } from "./adapter";
import { FHIR_JSON } from "./outcome";

/**
 * The FHIR facade's routes in the OpenAPI document: what a connection's vendor supports beyond
 * this is its `GET .../fhir/metadata` (the CapabilityStatement), so the document describes the
 * routes and their shapes, with a booking and a reschedule as examples.
 */
const prefix = "/v1/connections/{connectionId}/fhir";
const fhirResource = { type: "object", required: ["resourceType"], properties: { resourceType: { type: "string" } }, additionalProperties: true };
const connection = { name: "connectionId", in: "path", required: true, schema: { type: "string" } };
const resourceType = { name: "resourceType", in: "path", required: true, schema: { enum: [...FHIR_RESOURCE_TYPES] } };
const id = { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9\\-.]{1,64}$" } };
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "Replays return the first response; reusing a key with a different body is a 422.",
  schema: { type: "string", maxLength: 255 },
};
const actingUser = {
  name: ACTING_USER_HEADER,
  in: "header",
  required: false,
  description:
    "For vendors whose calls act as a user (VSee): an app user's token acts as its `sub`; a back-office service's token (scope `switchboard/act-as-user`) may name the user here. Other tokens may not send it (403).",
  schema: { type: "string", minLength: 1, maxLength: 128 },
};
const fhir = (description: string, example?: unknown) => ({ description, content: { [FHIR_JSON]: { schema: fhirResource, ...(example !== undefined && { example }) } } });
const outcomes = {
  "400": fhir("OperationOutcome: invalid search or body (the failing fields in issue.expression); no vendor call"),
  "401": { description: "Missing or invalid bearer token" },
  "403": fhir("OperationOutcome: the token's tenant does not own the connection"),
  "404": fhir("OperationOutcome: no such connection, resource type or resource"),
  "429": fhir("OperationOutcome: no vendor slot within the wait budget; see Retry-After"),
  "501": fhir("OperationOutcome: this connection's vendor cannot do that (see /metadata)"),
  "502": fhir("OperationOutcome: the vendor call failed; issue.details says which vendor and operation, and whether a retry can help"),
};

const bookingExample = {
  resourceType: "Appointment",
  status: "booked",
  slot: [{ reference: "Slot/{id from GET Slot}" }],
  contained: [{ resourceType: "Patient", id: "p", name: [{ given: ["Ada"], family: "Lovelace" }], telecom: [{ system: "phone", value: "+48123123123" }] }],
  participant: [
    { actor: { reference: "#p" }, status: "accepted" },
    { actor: { reference: "Practitioner/{id from GET Practitioner}" }, status: "accepted" },
  ],
};

export function fhirPaths(): Record<string, Record<string, unknown>> {
  return {
    [`${prefix}/metadata`]: {
      get: {
        operationId: "fhir.capabilities",
        summary: "What this connection's vendor supports through FHIR R4: resources, interactions, search parameters, budgets",
        tags: ["fhir"],
        parameters: [connection],
        responses: { "200": fhir("CapabilityStatement"), ...outcomes },
      },
    },
    [`${prefix}/{resourceType}`]: {
      get: {
        operationId: "fhir.search",
        summary: "Search (Patient, Practitioner, Location, Slot, Appointment): a searchset Bundle, with next links where the vendor pages",
        tags: ["fhir"],
        parameters: [connection, resourceType, actingUser, { name: "params", in: "query", style: "form", explode: true, schema: { type: "object", additionalProperties: { type: "string" } }, description: "FHIR search parameters, e.g. schedule.actor=Practitioner/{id}&start=ge2026-12-01&start=lt2026-12-08" }],
        responses: { "200": fhir("searchset Bundle"), ...outcomes },
      },
      post: {
        operationId: "fhir.create",
        summary: "Create: register a Patient, or book an Appointment on a free Slot for a contained Patient",
        tags: ["fhir"],
        parameters: [connection, resourceType, actingUser, idempotencyKey],
        requestBody: { required: true, content: { [FHIR_JSON]: { schema: fhirResource, example: bookingExample } } },
        responses: {
          "201": fhir("The created resource; Location names it"),
          "202": fhir("OperationOutcome: the vendor had no free slot in time; the write runs as a job (Location: /v1/jobs/{jobId})"),
          ...outcomes,
          "415": { description: "Not application/fhir+json" },
        },
      },
    },
    [`${prefix}/{resourceType}/{id}`]: {
      get: {
        operationId: "fhir.read",
        summary: "Read a resource by the id the facade gave it",
        tags: ["fhir"],
        parameters: [connection, resourceType, id, actingUser],
        responses: { "200": fhir("The resource"), ...outcomes },
      },
      patch: {
        operationId: "fhir.patch",
        summary: "JSON Patch an Appointment: replace /start and /end to reschedule, or /status with cancelled or noshow",
        tags: ["fhir"],
        parameters: [connection, resourceType, id, actingUser, idempotencyKey],
        requestBody: {
          required: true,
          content: {
            "application/json-patch+json": {
              schema: { type: "array", items: { type: "object", required: ["op", "path"], properties: { op: { enum: ["replace", "add"] }, path: { enum: ["/start", "/end", "/status"] }, value: {} } } },
              example: [{ op: "replace", path: "/status", value: "cancelled" }],
            },
          },
        },
        responses: { "200": fhir("The Appointment as it now is"), "202": fhir("OperationOutcome: queued as a job"), ...outcomes, "422": fhir("OperationOutcome: a change the facade does not make") },
      },
    },
  };
}
