import type { AfterSuccessContext } from "../../catalogue";
import { parseConnectionConfig } from "../../connections";
import { appointmentEvent, publishAppointmentChange, type AppointmentChangeKind } from "../../fhir/appointment-events";
import type { InboundEvent } from "../../inbox/inbox";
import { toAppointment, V, type HealthdockAppointment } from "./fhir-mapping";
import { healthdock } from "./vendor";

/**
 * HealthDock's booking changes as `switchboard.appointment.*`, from its webhooks and from the
 * bookings made through us. Both go through the inbox, where the event id (what changed, see
 * fhir/appointment-events.ts) makes our booking and HealthDock's `appointment.created` of it one
 * event.
 *
 * The docs name one event, `patient.created`, and say HealthDock notifies "when certain events
 * occur"; the appointment events read here follow its `{resource}.{action}` naming:
 * `appointment.created` (booked), `appointment.cancelled` (cancelled), and `appointment.updated`,
 * which is a cancellation when its status is `cancelled` and otherwise a reschedule (HealthDock's
 * only appointment fields are its patient, doctor, time, length and type, and a delivery does
 * not say which changed; the event id covers the start, so the same time delivered again is one
 * event). `completed` is not a booking change. A delivery whose data lacks `appointment_id` or
 * `date_time` names no appointment we can give an id, and publishes only `healthdock.{event}`.
 */
const CHANGES: Record<string, AppointmentChangeKind> = { "appointment.created": "booked", "appointment.updated": "rescheduled", "appointment.cancelled": "cancelled" };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The record as an appointment we can name, if it is one. */
function appointmentOf(data: unknown): HealthdockAppointment | undefined {
  if (!isRecord(data) || (typeof data.appointment_id !== "string" && typeof data.appointment_id !== "number") || typeof data.date_time !== "string") return undefined;
  return { ...(data as unknown as HealthdockAppointment), appointment_id: String(data.appointment_id) };
}

function changeEvent(connectionId: string, change: AppointmentChangeKind, record: HealthdockAppointment, zone: string): InboundEvent | undefined {
  try {
    const appointment = toAppointment(change === "cancelled" ? { ...record, status: record.status ?? "cancelled" } : record, zone);
    return appointmentEvent(V, connectionId, change, { ...appointment, ...(change === "cancelled" && { status: "cancelled" as const }) });
  } catch {
    // An id too long for FHIR's 64 characters, or a date_time that is not one.
    return undefined;
  }
}

/** The appointment change a webhook delivery is, if it is one. */
export function appointmentChangesOf(connectionId: string, event: string, data: Record<string, unknown>, zone: string): InboundEvent[] {
  let change = CHANGES[event];
  const record = appointmentOf(data);
  if (!change || !record) return [];
  const status = (record.status ?? "").toLowerCase();
  if (change === "rescheduled" && (status === "cancelled" || status === "canceled")) change = "cancelled";
  if (change === "rescheduled" && status === "completed") return [];
  const inbound = changeEvent(connectionId, change, record, zone);
  return inbound ? [inbound] : [];
}

/** createAppointment's follow-up: its answer's `data` is the appointment scheduled. */
export async function publishBooked(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const data = isRecord(result) && isRecord(result.data) ? result.data : undefined;
  const record = appointmentOf(data && { ...ctx.input, ...data });
  const config = parseConnectionConfig(healthdock, ctx.connection.config);
  const inbound = record && changeEvent(ctx.connection.connectionId, "booked", record, config.timezone);
  if (inbound) await publishAppointmentChange(ctx, inbound, true);
  else ctx.log.warn("appointment change not published: HealthDock's answer names no appointment that maps", { vendor: V, change: "booked" });
  return result;
}
