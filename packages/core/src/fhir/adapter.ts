import type { Appointment, Resource } from "@medplum/fhirtypes";
import type { ActingUser, AnyOperation } from "../catalogue";
import type { Connection } from "../connections";
import type { Deps } from "../deps";
import type { Log } from "../log";
import type { FhirIds } from "./ids";

/**
 * One vendor behind the FHIR facade (`vendors/{vendor}/fhir.ts`): what it supports, said once in
 * `support` (the CapabilityStatement is built from it and the router refuses anything else with a
 * 501), and the interactions themselves, made of the vendor's catalogue operations through
 * `FhirContext` so they keep the platform's pacing, retries, idempotency and jobs.
 */
export type FhirResourceType = "Patient" | "Practitioner" | "Location" | "Slot" | "Appointment" | "Encounter";
export const FHIR_RESOURCE_TYPES: readonly FhirResourceType[] = ["Patient", "Practitioner", "Location", "Slot", "Appointment", "Encounter"];
export type Interaction = "read" | "search-type" | "create" | "patch";

export interface SearchParameter {
  name: string;
  type: "string" | "token" | "date" | "reference";
  documentation: string;
  /** The vendor cannot search without it. */
  required?: boolean;
}

export interface ResourceSupport {
  interactions: Interaction[];
  searchParams?: SearchParameter[];
  /** What a read, create or patch can and cannot do here, for the CapabilityStatement. */
  documentation?: string;
}

/** A write's outcome: the resource, or the job the write became (the vendor had no slot in time). */
export type WriteResult<R extends Resource = Resource> = { kind: "done"; resource: R } | { kind: "queued"; jobId: string };

/** Rescheduling (`start`/`end`) or a status change, from a JSON Patch on an Appointment. */
export interface AppointmentChange {
  start?: string;
  end?: string;
  status?: "cancelled" | "noshow";
}

export interface FhirContext {
  connection: Connection;
  /** The connection's config, parsed by its vendor's schema. */
  config: any;
  deps: Deps;
  log: Log;
  correlationId: string;
  ids: FhirIds;
  /**
   * The user the request names (an app user's `sub`, or the user a back-office service names in
   * X-Acting-User), if any; operations with `actsAs` sign as them, as on the vendor routes.
   */
  user?: ActingUser;
  /** A vendor read, with the read budget. */
  read(op: AnyOperation, input: Record<string, unknown>): Promise<any>;
  /** A vendor write, with the write budget; a write without a slot in time becomes a job. */
  write(op: AnyOperation, input: Record<string, unknown>): Promise<{ kind: "done"; body: any } | { kind: "queued"; jobId: string }>;
}

export interface SearchResult {
  resources: Resource[];
  /** Opaque token for the next page, when the vendor has more. */
  next?: string;
}

export interface FhirAdapter {
  vendor: string;
  support: Partial<Record<FhirResourceType, ResourceSupport>>;
  search?(ctx: FhirContext, type: FhirResourceType, params: URLSearchParams): Promise<SearchResult>;
  read?(ctx: FhirContext, type: FhirResourceType, id: string): Promise<Resource | undefined>;
  create?(ctx: FhirContext, type: FhirResourceType, resource: Resource): Promise<WriteResult>;
  patchAppointment?(ctx: FhirContext, id: string, change: AppointmentChange): Promise<WriteResult<Appointment>>;
}
