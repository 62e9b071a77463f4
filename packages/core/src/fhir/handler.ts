import type { Context } from "aws-lambda";
import { getDeps } from "../deps";
import type { HttpEvent } from "../http/event";
import { lambda } from "../lambda";
import type { FhirAdapter } from "./adapter";
import { handleFhirRequest } from "./router";

/**
 * The FHIR facade's Lambda handler over every vendor's adapter. Apart from handler.ts: the router
 * reaches every vendor's catalogue, which an operation's bundle must not hold.
 */
export function fhirHandler(adapters: Record<string, FhirAdapter>) {
  return lambda((event: HttpEvent, context: Context) => handleFhirRequest(adapters, event, context, getDeps()));
}
