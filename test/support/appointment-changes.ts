import type { Appointment } from "@medplum/fhirtypes";
import type { LocalStack } from "@switchboard/local/stack";
import { expect } from "vitest";
import { fhirIssues } from "./fhir-validate";

/** The `switchboard.appointment.*` events a stack published for one connection, as the events tests read them. */
export interface ChangeDetail {
  type: string;
  connectionId: string;
  vendor: string;
  change: string;
  eventId: string;
  appointment: Appointment;
  replaces?: string;
}

export const appointmentChanges = (stack: LocalStack, connectionId: string): ChangeDetail[] =>
  stack.bus.history
    .filter((e) => e["detail-type"].startsWith("switchboard.appointment.") && e.detail.connectionId === connectionId)
    .map((e) => ({ type: e["detail-type"], ...(e.detail as unknown as Omit<ChangeDetail, "type">) }));

/** A change's Appointment is valid R4 in full and its id is the derived 32-hex eventId. */
export function expectValidChange(detail: ChangeDetail, vendor?: string): void {
  expect(fhirIssues(detail.appointment)).toEqual([]);
  expect(detail.eventId).toMatch(/^[0-9a-f]{32}$/);
  if (vendor !== undefined) expect(detail.vendor).toBe(vendor);
}
