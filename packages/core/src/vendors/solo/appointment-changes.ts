import type { Appointment } from "@medplum/fhirtypes";
import type { AfterSuccessContext } from "../../catalogue";
import { appointmentEvent, publishAppointmentChange, type AppointmentChangeKind } from "../../fhir/appointment-events";
import { FhirIds } from "../../fhir/ids";
import type { InboundEvent } from "../../inbox/inbox";
import { spidPatientId, toAppointment, V, type SoloAppointment } from "./fhir-mapping";

/**
 * Solo's booking changes as `switchboard.appointment.*`, from its webhooks and from the changes
 * made through us. Both go through the inbox, where the event id (what changed, see
 * fhir/appointment-events.ts) makes our cancellation and Solo's `appointment:cancelled` one event.
 *
 * Solo's appointment payload is `{"event": …, "data": {"appointmentId": int}}` and nothing more
 * (docs, Webhooks › Payload Schemas). That is enough for a cancellation (a cancelled Appointment
 * needs no times), not for a booking, a reschedule or a no-show, whose Appointment must have its
 * start and end (FHIR's app-3): those are published from the changes made through us, where the
 * input names the times, and Solo's own deliveries of them stay `solo.appointment.*` only.
 */
function event(connectionId: string, change: AppointmentChangeKind, appointment: Appointment): InboundEvent {
  return appointmentEvent(V, connectionId, change, appointment);
}

/** The Appointment of a cancellation, which is all Solo says of it: the appointment's id. */
const cancelled = (said: number | string): Appointment => toAppointment({ id: said, status: "cancelled" });

/** The appointment change a webhook delivery is, if its payload carries enough for one. */
export function appointmentChangesOf(connectionId: string, delivery: { event: string; data: Record<string, unknown> }): InboundEvent[] {
  const said = delivery.data.appointmentId;
  if (delivery.event !== "appointment:cancelled" || typeof said !== "number") return [];
  return [event(connectionId, "cancelled", cancelled(said))];
}

async function publish(ctx: AfterSuccessContext, change: AppointmentChangeKind, appointment: Appointment | undefined): Promise<void> {
  if (appointment) await publishAppointmentChange(ctx, event(ctx.connection.connectionId, change, appointment), true);
  else ctx.log.warn("appointment change not published: the call names no start and duration, which the FHIR Appointment needs", { vendor: V, change });
}

/** Our Patient id for the patient a call names: hashed for the integrator's id (fhir/ids.ts), inline for a Solo patient id. */
async function patientOf(ctx: AfterSuccessContext): Promise<string | undefined> {
  if (typeof ctx.input.spid === "number") return spidPatientId(ctx.input.spid);
  if (typeof ctx.input.patientId !== "string") return undefined;
  return new FhirIds(ctx.deps.ddb, ctx.deps.config.TABLE_NAME, ctx.connection.connectionId).mint("Patient", ["ext", ctx.input.patientId], true);
}

const timed = (input: Record<string, unknown>) => typeof input.date === "number" && typeof input.duration === "number";

/** The three Create Appointment calls' follow-up: the answer is `{id, visitUrl}`; the times are the call's. */
export async function publishBooked(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const id = (result as { id?: unknown } | null)?.id;
  const { date, duration, reasons } = ctx.input as Pick<SoloAppointment, "date" | "duration" | "reasons">;
  if (typeof id !== "number" && typeof id !== "string") ctx.log.warn("appointment change not published: Solo's answer names no appointment", { vendor: V, change: "booked" });
  else await publish(ctx, "booked", timed(ctx.input) ? toAppointment({ id, date, duration, reasons, status: "scheduled" }, { patient: await patientOf(ctx) }) : undefined);
  return result;
}

/** Update Appointment's follow-up: a cancellation, or a new date (a reschedule); other updates are no booking change. */
export async function publishUpdated(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const { appointmentId, status, date, duration, reasons } = ctx.input as { appointmentId: string; status?: string; date?: number; duration?: number; reasons?: string[] };
  if (status === "cancelled") await publish(ctx, "cancelled", cancelled(appointmentId));
  else if (date !== undefined) await publish(ctx, "rescheduled", timed(ctx.input) ? toAppointment({ id: appointmentId, date, duration, reasons, status: "scheduled" }) : undefined);
  return result;
}
