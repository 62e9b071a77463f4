import type { Context } from "aws-lambda";
import type { Resource } from "@medplum/fhirtypes";
import { actingUser, requestedUser, type RequestedUser } from "../auth/acting-user";
import type { AnyOperation } from "../catalogue";
import { assertConnectionId, parseConnectionConfig } from "../connections";
import type { Deps } from "../deps";
import { PacingBudgetExceeded, RequestError, VendorError } from "../errors";
import { callVendor } from "../execute";
import { correlationIdOf, headerOf, tenantOf, type HttpEvent } from "../http/event";
import type { HttpResult } from "../http/problem";
import { once } from "../idempotency";
import { submitJob } from "../job-submit";
import { loggerFor, type Log } from "../log";
import { parseInput } from "../validation";
import { vendorById } from "../vendors/index";
import { FHIR_RESOURCE_TYPES, type FhirAdapter, type FhirContext, type FhirResourceType, type Interaction, type WriteResult } from "./adapter";
import { searchset } from "./bundle";
import { capabilityStatement } from "./capability";
import { FhirIds } from "./ids";
import { FhirError, fhirJson, notSupported, outcome, toOutcome } from "./outcome";
import { appointmentChange } from "./patch";

/**
 * The FHIR R4 facade of one connection, `/v1/connections/{connectionId}/fhir/...`: the same JWT
 * and tenant rule as the vendor routes, then the connection's vendor adapter. A resource,
 * interaction or search parameter the adapter does not declare is refused (501 or 400) before
 * any vendor call; everything the facade answers is FHIR JSON, errors as OperationOutcome.
 */
export const FHIR_ROUTE_PREFIX = "/v1/connections/{connectionId}/fhir";
export const FHIR_ROUTES = [
  `GET ${FHIR_ROUTE_PREFIX}/metadata`,
  `GET ${FHIR_ROUTE_PREFIX}/{resourceType}`,
  `GET ${FHIR_ROUTE_PREFIX}/{resourceType}/{id}`,
  `POST ${FHIR_ROUTE_PREFIX}/{resourceType}`,
  `PATCH ${FHIR_ROUTE_PREFIX}/{resourceType}/{id}`,
] as const;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const BODY_TYPES = ["application/fhir+json", "application/json"];
const PATCH_TYPES = ["application/json-patch+json", "application/json"];

function baseOf(event: HttpEvent, connectionId: string): string {
  const host = headerOf(event, "host") ?? event.requestContext.domainName;
  const local = /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host);
  const proto = headerOf(event, "x-forwarded-proto") ?? (local ? "http" : "https");
  return `${proto}://${host}/v1/connections/${connectionId}/fhir`;
}

function bodyOf(event: HttpEvent, accepted: string[]): unknown {
  const type = (headerOf(event, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!accepted.includes(type)) throw new FhirError(415, "not-supported", `send ${accepted.join(" or ")}`);
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : (event.body ?? "");
  try {
    return JSON.parse(text);
  } catch {
    throw new FhirError(400, "invalid", "the body is not JSON");
  }
}

/**
 * Operations that sign as a vendor user (`actsAs`, VSee) act as the request's user, read as the
 * vendor routes read it (auth/acting-user.ts): each operation checks it against what it needs.
 */
function context(deps: Deps, connection: FhirContext["connection"], config: unknown, log: Log, correlationId: string, requested: RequestedUser): FhirContext {
  const call = (op: AnyOperation, input: Record<string, unknown>, budgetMs: number) =>
    callVendor(op, parseInput(op.input, input) as Record<string, unknown>, connection, { deps, log, correlationId, budgetMs, user: actingUser(op, requested.code, requested.source) });
  return {
    connection,
    config,
    deps,
    log,
    correlationId,
    ...(requested.code && { user: { code: requested.code } }),
    ids: new FhirIds(deps.ddb, deps.config.TABLE_NAME, connection.connectionId),
    read: (op, input) => call(op, input, deps.config.READ_WAIT_BUDGET_MS),
    write: async (op, input) => {
      try {
        return { kind: "done", body: await call(op, input, deps.config.WRITE_WAIT_BUDGET_MS) };
      } catch (err) {
        if (!(err instanceof PacingBudgetExceeded || (err instanceof VendorError && err.retryable))) throw err;
        const user = actingUser(op, requested.code, requested.source);
        const job = await submitJob(deps, { op, connection, input: parseInput(op.input, input), correlationId, source: "api", ...(user && { user }) });
        return { kind: "queued", jobId: job.jobId };
      }
    },
  };
}

function written(result: WriteResult, base: string, created: boolean): HttpResult {
  if (result.kind === "queued") {
    const location = `/v1/jobs/${result.jobId}`;
    return fhirJson(202, outcome("information", "informational", `The vendor had no free slot in time; the change runs as job ${result.jobId} (${location})`), { location });
  }
  const resource = result.resource;
  return fhirJson(created ? 201 : 200, resource, created ? { location: `${base}/${resource.resourceType}/${resource.id}` } : {});
}

export async function handleFhirRequest(adapters: Record<string, FhirAdapter>, event: HttpEvent, lambdaContext: Context | undefined, deps: Deps): Promise<HttpResult> {
  const correlationId = correlationIdOf(event);
  const log = loggerFor(correlationId, { route: event.routeKey });
  const respond = (result: HttpResult) => ({ ...result, headers: { ...result.headers, "x-correlation-id": correlationId } });
  try {
    const tenant = tenantOf(event, deps.config.TENANT_CLAIM);
    const connectionId = event.pathParameters?.connectionId ?? "";
    assertConnectionId(connectionId);
    const connection = await deps.connections.get(connectionId);
    if (!connection) throw new RequestError(404, "Not Found", `No connection ${connectionId}`);
    if (connection.tenantId !== tenant) throw new RequestError(403, "Forbidden", `Connection ${connectionId} belongs to another tenant`);
    const vendor = vendorById(connection.vendor)!;
    const adapter = adapters[connection.vendor];
    const config = parseConnectionConfig(vendor, connection.config);
    const base = baseOf(event, connectionId);
    if (!adapter) throw notSupported("the FHIR facade", vendor.title);
    if (event.routeKey.endsWith("/metadata")) return respond(fhirJson(200, capabilityStatement(adapter, vendor, config, base, new Date().toISOString())));

    const type = event.pathParameters?.resourceType ?? "";
    if (!(FHIR_RESOURCE_TYPES as readonly string[]).includes(type)) throw new FhirError(404, "not-supported", `the facade serves ${FHIR_RESOURCE_TYPES.join(", ")}, not ${type}`);
    const resourceType = type as FhirResourceType;
    const id = event.pathParameters?.id;
    const method = event.requestContext.http.method;
    const interaction: Interaction = method === "GET" ? (id ? "read" : "search-type") : method === "POST" ? "create" : "patch";
    if (!adapter.support[resourceType]?.interactions.includes(interaction)) throw notSupported(`${interaction} on ${resourceType}`, vendor.title);
    const requested = requestedUser(event, deps.config.ACTING_USER_SCOPE);
    const ctx = context(deps, connection, config, log, correlationId, requested);

    if (interaction === "search-type") {
      const params = new URLSearchParams(event.rawQueryString ?? "");
      const result = await adapter.search!(ctx, resourceType, params);
      return respond(fhirJson(200, searchset(base, resourceType, params, result.resources, result.next)));
    }
    if (interaction === "read") {
      const resource = await adapter.read!(ctx, resourceType, id!);
      if (!resource) throw new FhirError(404, "not-found", `${resourceType}/${id} is not one of this connection's`);
      return respond(fhirJson(200, resource));
    }
    const body = bodyOf(event, interaction === "create" ? BODY_TYPES : PATCH_TYPES);
    const work = async (): Promise<HttpResult> => {
      if (interaction === "create") {
        if ((body as Resource | null)?.resourceType !== resourceType) throw new FhirError(400, "invalid", `the body must be a ${resourceType}`);
        return written(await adapter.create!(ctx, resourceType, body as Resource), base, true);
      }
      if (resourceType !== "Appointment") throw notSupported(`patch on ${resourceType}`, vendor.title);
      return written(await adapter.patchAppointment!(ctx, id!, appointmentChange(body)), base, false);
    };
    const key = headerOf(event, "idempotency-key");
    if (key === undefined) return respond(await work());
    if (!IDEMPOTENCY_KEY.test(key)) throw new RequestError(400, "Invalid Idempotency-Key", "Idempotency-Key must be 1-255 printable ASCII characters");
    // One user's key never replays another user's answer.
    const request = { key: [tenant, connectionId, `fhir.${interaction}.${resourceType}`, id ?? "", ...(requested.code ? [`user:${requested.code}`] : []), key].join("|"), payload: body };
    return respond(await once(deps, request, lambdaContext, work));
  } catch (err) {
    const result = toOutcome(err);
    if (result.statusCode >= 500 && result.statusCode !== 501) log.error("FHIR request failed", { error: err as Error });
    else log.info("FHIR request refused", { status: result.statusCode, error: (err as Error).name });
    return respond(result);
  }
}
