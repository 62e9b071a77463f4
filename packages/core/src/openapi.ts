import { toJsonSchema } from "@valibot/to-json-schema";
import { ACTING_USER_HEADER } from "./auth/acting-user";
import type { AnyOperation } from "./catalogue";
import { VENDOR_ERROR_CODES } from "./errors";
import { fhirPaths } from "./fhir/openapi";
import { binaryMediaTypes } from "./http/binary-body";
import type { VendorSync } from "./sync/dataset";
import { VENDOR_FIELD_NAME, vendorFieldsJsonSchema } from "./vendor-fields";

/**
 * The OpenAPI 3.1 document of our API, generated from the catalogues: every operation under its
 * operationId, with its input schema, so the document cannot drift from what the handlers accept.
 */
const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

const unsupportedMediaType = {
  "415": problemResponse("The body is not `application/json`; `accepted` lists the media types this route takes"),
};

const errorResponses = {
  "400": problemResponse("Invalid input; `errors` lists the failing fields. No vendor call was made."),
  "401": problemResponse("Missing or invalid bearer token"),
  "403": problemResponse("The token's tenant does not own the connection"),
  "404": problemResponse("No such connection (or vendor resource)"),
  "422": problemResponse("The vendor rejected the request, or an Idempotency-Key was reused with a different body"),
  "429": problemResponse("No vendor slot within the wait budget; see Retry-After"),
  "502": problemResponse("The vendor call failed; `retryable` and `outcomeUnknown` say what to do"),
  "503": problemResponse("The vendor is rate limiting or unavailable; see Retry-After"),
  "504": problemResponse("The vendor did not answer in time"),
};

function inputSchema(op: AnyOperation): Record<string, unknown> {
  const schema = toJsonSchema(op.input, { target: "draft-2020-12", errorMode: "ignore" }) as Record<string, unknown>;
  if (op.vendorFields !== "passthrough") return schema;
  return { ...schema, propertyNames: { pattern: VENDOR_FIELD_NAME.source }, additionalProperties: vendorFieldsJsonSchema };
}

/** A binary-body route also takes the file itself as the body, with its own Content-Type. */
const rawFiles = (op: AnyOperation) => Object.fromEntries(binaryMediaTypes(op).map((type) => [type, { schema: { type: "string", format: "binary" } }]));

const fileResponse = {
  description: "The file, with the vendor's content type; one too large for a response is a JSON `{download: {url, expiresAt, contentType, bytes, fileName}}` with a short-lived link",
  content: {
    "application/octet-stream": { schema: { type: "string", format: "binary" } },
    "application/json": { schema: { type: "object", properties: { download: { type: "object" } } } },
  },
};

function operationObject(op: AnyOperation) {
  const schema = inputSchema(op);
  const routeParams = [...op.route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const parameters: unknown[] = [
    { name: "connectionId", in: "path", required: true, schema: { type: "string" } },
    ...routeParams.map((name) => ({ name, in: "path", required: true, schema: properties[name] ?? { type: "string" } })),
  ];
  // With a `bodyField`, that field is the body and the other fields are query parameters.
  const bodyField = op.request.bodyField;
  const bodyless = bodyField ? !(bodyField in properties) : op.route.method === "GET" || op.route.method === "DELETE";
  if (bodyless || bodyField) {
    for (const [name, prop] of Object.entries(properties)) {
      if (!routeParams.includes(name) && name !== bodyField) parameters.push({ name, in: "query", required: required.has(name), schema: prop });
    }
  }
  const body = bodyField ? (properties[bodyField] as Record<string, unknown> | undefined) : schema;
  const example = bodyField ? (op.example as Record<string, unknown> | undefined)?.[bodyField] : op.example;
  if (op.actsAs) {
    parameters.push({
      name: ACTING_USER_HEADER,
      in: "header",
      required: false,
      description:
        op.actsAs === "user"
          ? "Acts as a user: an app user's token acts as its `sub`; a back-office service's token (scope `switchboard/act-as-user`) must name the user here. Other tokens may not send it (403)."
          : "Acts as a user when there is one: an app user's token acts as its `sub`; a back-office service's token (scope `switchboard/act-as-user`) may name a user here, or name none to act as the connection's account. Other tokens may not send it (403).",
      schema: { type: "string", minLength: 1, maxLength: 128 },
    });
  }
  if (op.kind === "write") {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "Replays return the first response; reusing a key with a different body is a 422.",
      schema: { type: "string", maxLength: 255 },
    });
  }
  return {
    operationId: op.id,
    summary: op.summary,
    ...(op.vendorFields === "passthrough"
      ? { description: `Accepts further ${op.vendor.title} fields besides those listed: the vendor's docs do not list them all (see the body schema's additionalProperties).` }
      : {}),
    tags: [op.vendor.id],
    "x-switchboard": {
      kind: op.kind,
      pacingClass: op.pacingClass,
      vendorRequest: { method: op.request.method, path: op.request.path, contentType: op.request.contentType },
      vendorFields: op.vendorFields ?? "strict",
      actsAs: op.actsAs ?? "account",
    },
    parameters,
    ...(bodyless ? {} : { requestBody: { required: bodyField ? required.has(bodyField) : true, content: { "application/json": { schema: body, ...(example ? { example } : {}) }, ...rawFiles(op) } } }),
    responses: {
      ...(op.completion
        ? {}
        : {
            "200": op.response?.binary
              ? fileResponse
              : { description: op.vendor.responseNote ? `The vendor's response; ${op.vendor.responseNote}` : "The vendor's response", content: { "application/json": { schema: {} } } },
          }),
      ...(op.kind === "write"
        ? { "202": { description: op.completion ? "Accepted as a job, which ends with a download link; poll the Location" : "Accepted as a job; poll the Location", content: { "application/json": { schema: { $ref: "#/components/schemas/JobAccepted" } } } } }
        : {}),
      ...errorResponses,
      ...(bodyless ? {} : unsupportedMediaType),
    },
  };
}

function syncPaths(syncs: Record<string, VendorSync>): Record<string, Record<string, unknown>> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [vendor, sync] of Object.entries(syncs)) {
    paths[`/v1/${vendor}/{connectionId}/sync`] = {
      post: {
        operationId: `${vendor}.sync`,
        summary: `Backfill ${sync.vendor.title}'s day-by-day datasets for a range of days`,
        tags: [vendor],
        parameters: [{ name: "connectionId", in: "path", required: true, schema: { type: "string" } }],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["from", "to"],
                additionalProperties: false,
                properties: {
                  from: { type: "string", format: "date" },
                  to: { type: "string", format: "date" },
                  datasets: { type: "array", items: { enum: sync.datasets.map((d) => d.name) } },
                },
              },
              example: { from: "2026-10-01", to: "2026-10-30", datasets: [sync.datasets[0]?.name] },
            },
          },
        },
        responses: {
          "202": { description: "Queued; poll the Location", content: { "application/json": { schema: { $ref: "#/components/schemas/JobAccepted" } } } },
          ...errorResponses,
          ...unsupportedMediaType,
        },
      },
    };
  }
  if (Object.keys(syncs).length) {
    paths["/v1/sync-runs/{runId}"] = {
      get: {
        operationId: "syncRuns.get",
        summary: "A sync run's progress: completed and total units, status, reason when stalled",
        parameters: [{ name: "runId", in: "path", required: true, schema: { type: "string" } }],
        responses: { "200": { description: "The run", content: { "application/json": { schema: { type: "object" } } } }, "404": problemResponse("No such run") },
      },
    };
  }
  return paths;
}

/**
 * Where the API runs: the local stack on its default port, and a deployed stage's HTTP API (the
 * `ApiUrl` output of `sst deploy`; the default stage has no path prefix).
 */
export const servers = [
  { url: "http://127.0.0.1:3000", description: "Local stack (`npm start`; `--port` changes the port)" },
  {
    url: "https://{apiId}.execute-api.{region}.amazonaws.com",
    description: "A deployed stage (`ApiUrl` in the output of `npx sst deploy --stage NAME`)",
    variables: {
      apiId: { default: "xxxxxxxxxx", description: "The stage's HTTP API id" },
      region: { default: "us-east-1", description: "The stage's AWS region" },
    },
  },
];

export function buildOpenApi(operations: AnyOperation[], syncs: Record<string, VendorSync> = {}, version = "0.1.0") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = `/v1/${op.vendor.id}/{connectionId}${op.route.path}`;
    paths[path] = { ...paths[path], [op.route.method.toLowerCase()]: operationObject(op) };
  }
  Object.assign(paths, syncPaths(syncs), fhirPaths());
  paths["/v1/jobs/{jobId}"] = {
    get: {
      operationId: "jobs.get",
      summary: "A job's status, result or error",
      parameters: [{ name: "jobId", in: "path", required: true, schema: { type: "string" } }],
      responses: { "200": { description: "The job", content: { "application/json": { schema: { $ref: "#/components/schemas/Job" } } } }, "404": problemResponse("No such job") },
    },
  };
  return {
    openapi: "3.1.0",
    info: { title: "Switchboard API", version, description: "One API over the clinics' vendor platforms." },
    servers,
    // Every operation here needs the token; a public one would say `security: []` itself.
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A JWT from the identity provider, whose tenant claim owns the connection. Locally: `npx switchboard token --tenant demo`.",
        },
      },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status"],
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            errors: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
            vendor: { type: "string" },
            operation: { type: "string" },
            // A vendor failure's facts (packages/core/src/errors.ts, SerializedVendorError).
            code: { type: "string", enum: [...VENDOR_ERROR_CODES] },
            httpStatus: { type: "integer", description: "The vendor's HTTP status" },
            vendorStatus: { type: "string", description: "The vendor's own error code or status in its body, e.g. HealthDock's `INVALID_REQUEST`" },
            vendorMessage: { type: "string", description: "The vendor's message, scrubbed of patient data" },
            vendorField: { type: "string", description: "The request field the vendor named as failing, where it names one" },
            retryable: { type: "boolean" },
            outcomeUnknown: { type: "boolean" },
          },
        },
        JobAccepted: { type: "object", properties: { jobId: { type: "string" }, status: { const: "queued" }, location: { type: "string" } } },
        Job: {
          type: "object",
          properties: {
            jobId: { type: "string" },
            status: { enum: ["queued", "running", "succeeded", "failed"] },
            operationId: { type: "string" },
            connectionId: { type: "string" },
            result: {},
            error: { type: "object" },
          },
        },
      },
    },
  };
}
