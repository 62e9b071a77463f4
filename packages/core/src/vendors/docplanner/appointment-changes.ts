import type { Appointment } from "@medplum/fhirtypes";
import type { AfterSuccessContext } from "../../catalogue";
import { appointmentEvent, publishAppointmentChange, type AppointmentChangeKind } from "../../fhir/appointment-events";
import type { InboundEvent } from "../../inbox/inbox";
import { appointmentId, locationId, practitionerId, toAppointment, V, type DocplannerBooking } from "./fhir-mapping";

/**
 * Docplanner's booking changes as `switchboard.appointment.*`, from its notifications and from the
 * changes made through us. Both go through the inbox, where the event id (what changed, see
 * fhir/appointment-events.ts) makes our booking and Docplanner's notification of it one event.
 *
 * A patient's absence marked through us is not published from here: the answer is empty, and a
 * no-show Appointment needs its start and end (FHIR's app-3), so Docplanner's `presence-marked`
 * notification carries it.
 */
interface Place {
  facilityId: string;
  doctorId: string;
  addressId: string;
}

const CHANGES: Record<string, { change: AppointmentChangeKind; booking: string }> = {
  "slot-booked": { change: "booked", booking: "visit_booking" },
  "booking-canceled": { change: "cancelled", booking: "visit_booking" },
  "booking-moved": { change: "rescheduled", booking: "new_visit_booking" },
  "presence-marked": { change: "noshow", booking: "visit_booking" },
};

const idOf = (value: unknown) => (typeof value === "object" && value !== null && "id" in value ? String((value as { id: unknown }).id) : undefined);

/** The mapping's answer, or none where Docplanner's ids would not fit FHIR's (they are short numbers). */
function fitting<T>(map: () => T): T | undefined {
  try {
    return map();
  } catch {
    return undefined;
  }
}

const appointmentAt = (at: Place, booking: DocplannerBooking) => fitting(() => toAppointment(at, booking));
const idAt = (at: Place, bookingId: unknown) => fitting(() => appointmentId(at.facilityId, at.doctorId, at.addressId, String(bookingId)));

function event(connectionId: string, change: AppointmentChangeKind, appointment: Appointment, replaces?: string): InboundEvent {
  return appointmentEvent(V, connectionId, change, appointment, replaces ? { replaces } : undefined);
}

/** The appointment change a notification is, if it is one. */
export function appointmentChangesOf(connectionId: string, notification: { name: string; data: Record<string, unknown> }): InboundEvent[] {
  const kind = CHANGES[notification.name];
  const data = notification.data;
  if (!kind) return [];
  if (kind.change === "noshow" && String(data.presence).toUpperCase() !== "ABSENT") return [];
  const [facilityId, doctorId, addressId] = [idOf(data.facility), idOf(data.doctor), idOf(data.address)];
  const booking = data[kind.booking] as DocplannerBooking | undefined;
  if (!facilityId || !doctorId || !addressId || !booking?.id || !booking.start_at) return [];
  const at = { facilityId, doctorId, addressId };
  const appointment = appointmentAt(at, kind.change === "noshow" ? { ...booking, presence: "absent" } : booking);
  if (!appointment) return [];
  const old = kind.change === "rescheduled" ? idOf(data.old_visit_booking) : undefined;
  return [event(connectionId, kind.change, appointment, old && idAt(at, old))];
}

function placeOf(input: Record<string, unknown>): Place {
  return { facilityId: String(input.facility_id), doctorId: String(input.doctor_id), addressId: String(input.address_id) };
}

async function publish(ctx: AfterSuccessContext, change: AppointmentChangeKind, appointment: Appointment | undefined, replaces?: string): Promise<void> {
  if (appointment) await publishAppointmentChange(ctx, event(ctx.connection.connectionId, change, appointment, replaces), true);
  else ctx.log.warn("appointment change not published: Docplanner's answer names no booking that maps", { vendor: V, change });
}

/** bookSlot's follow-up: its answer is the booking. */
export async function publishBooked(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const booking = result as DocplannerBooking | null;
  await publish(ctx, "booked", booking?.id && booking.start_at ? appointmentAt(placeOf(ctx.input), booking) : undefined);
  return result;
}

/** moveBooking's follow-up: Docplanner moves a booking by making a new one, which it answers. */
export async function publishMoved(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const booking = result as DocplannerBooking | null;
  const at = placeOf(ctx.input);
  await publish(ctx, "rescheduled", booking?.id && booking.start_at ? appointmentAt(at, booking) : undefined, idAt(at, ctx.input.booking_id));
  return result;
}

/** cancelBooking's follow-up: the answer is empty, and a cancelled Appointment needs no times. */
export async function publishCancelled(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const at = placeOf(ctx.input);
  const appointment = fitting((): Appointment => ({
    resourceType: "Appointment",
    id: appointmentId(at.facilityId, at.doctorId, at.addressId, String(ctx.input.booking_id)),
    status: "cancelled",
    participant: [
      { actor: { reference: `Practitioner/${practitionerId(at.facilityId, at.doctorId)}` }, status: "accepted" },
      { actor: { reference: `Location/${locationId(at.facilityId, at.doctorId, at.addressId)}` }, status: "accepted" },
    ],
  }));
  await publish(ctx, "cancelled", appointment);
  return result;
}
