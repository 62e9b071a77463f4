import type { Appointment } from "@medplum/fhirtypes";
import type { AfterSuccessContext } from "../../catalogue";
import { appointmentEvent, publishAppointmentChange, type AppointmentChangeKind } from "../../fhir/appointment-events";
import { V, VISIT_TYPE, isAppointment, toAppointment, visitIdOf, type VseeVisit } from "./fhir-mapping";

/**
 * VSee has no webhooks, so the booking changes made through us (whoever called: the API, the FHIR
 * facade, a queued write) are published as they succeed: `switchboard.appointment.*`, through the
 * inbox so the same change seen twice (a close repeated, a job retried) is one event by its id.
 *
 * - createAppointment: its answer is the visit (booked).
 * - updateAppointment with new slot times: rescheduled, from its answer ("do the same as above":
 *   the visit, as creating one answers).
 * - closeVisit: closed-visits.ts.
 *
 * deleteVisit ("force cancel") is not published: the visit is gone afterwards and its answer shows
 * nothing, so we cannot tell an appointment from a walk-in there.
 */
export const dataOf = (body: unknown) => (body as { data?: VseeVisit } | null)?.data;

export async function publish(ctx: AfterSuccessContext, change: AppointmentChangeKind, appointment: Appointment): Promise<void> {
  await publishAppointmentChange(ctx, appointmentEvent(V, ctx.connection.connectionId, change, appointment), true);
}

/** Runs a follow-up without failing the call: VSee has made the change by now. */
export async function safely(ctx: AfterSuccessContext, change: AppointmentChangeKind, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    ctx.log.warn("appointment change not published", { vendor: V, change, reason: error instanceof Error ? error.name : "unknown" });
  }
}

/** createAppointment's follow-up. */
export async function publishBooked(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  await safely(ctx, "booked", async () => {
    const visit = dataOf(result);
    if (!visit || !visitIdOf(visit)) return ctx.log.warn("appointment change not published: VSee's answer names no visit", { vendor: V, change: "booked" });
    await publish(ctx, "booked", toAppointment({ ...visit, type: visit.type ?? VISIT_TYPE.appointment }));
  });
  return result;
}

/** updateAppointment's follow-up: new slot times are a reschedule; other updates (the provider) are not a booking change. */
export async function publishRescheduled(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  if (ctx.input.slot_start === undefined && ctx.input.slot_end === undefined) return result;
  await safely(ctx, "rescheduled", async () => {
    const visit = dataOf(result);
    if (!visit || !visitIdOf(visit) || visit.start === undefined) return ctx.log.warn("appointment change not published: VSee's answer shows no visit", { vendor: V, change: "rescheduled" });
    const typed = { ...visit, type: visit.type ?? VISIT_TYPE.appointment };
    if (isAppointment(typed)) await publish(ctx, "rescheduled", toAppointment(typed));
  });
  return result;
}
