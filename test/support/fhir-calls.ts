import type { OperationOutcome, Resource } from "@medplum/fhirtypes";
import type { FhirResource } from "fhir-kit-client";
import { expect } from "vitest";
import { fhirIssues } from "./fhir-validate";

/** What the FHIR booking-flow tests share: the validity check, failures as OperationOutcomes, and times. */

/** The resource, after checking it is valid R4 in full. */
export function valid<R extends Resource>(resource: unknown): R {
  expect(fhirIssues(resource as Resource)).toEqual([]);
  return resource as R;
}

/** The OperationOutcome a failing fhir-kit-client call answered (checked valid), and its status. */
export async function failure(call: Promise<unknown>): Promise<{ status: number; outcome: OperationOutcome }> {
  try {
    await call;
  } catch (err) {
    const response = (err as { response?: { status: number; data: unknown } }).response!;
    const outcome = (typeof response.data === "string" ? JSON.parse(response.data) : response.data) as OperationOutcome;
    valid(outcome);
    return { status: response.status, outcome };
  }
  throw new Error("expected the call to fail");
}

/** fhir-kit-client types resources loosely; Medplum's types are the ones checked here. */
export const asBody = (resource: Resource) => resource as unknown as FhirResource;

/** An instant in whole seconds, as a search bound. */
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
