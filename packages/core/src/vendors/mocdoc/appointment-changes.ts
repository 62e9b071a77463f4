import type { AfterSuccessContext } from "../../catalogue";
import { parseConnectionConfig } from "../../connections";
import { appointmentEvent, publishAppointmentChange, type AppointmentChangeKind } from "../../fhir/appointment-events";
import { appointmentId, appointmentStatus, parseApptkey, slotTimes, toAppointment, toPatient, type AppointmentKey, type MocDocPatient } from "./fhir-mapping";
import { mocdoc } from "./vendor";

/**
 * MocDoc tells nobody about changes, so the ones made through us are published as they succeed
 * (whoever called: the API, the FHIR facade, a queued write): `switchboard.appointment.*`.
 * A call that does not name its slot (bookAppointment's drkey, date and start are optional in the
 * docs) changes an appointment we cannot name, and publishes nothing.
 */
async function publish(ctx: AfterSuccessContext, change: Exclude<AppointmentChangeKind, "rescheduled">, key: AppointmentKey, vendorStatus: string, patient?: MocDocPatient): Promise<void> {
  const config = parseConnectionConfig(mocdoc, ctx.connection.config);
  const id = appointmentId(key);
  if (!id) {
    ctx.log.warn("appointment change not published: its key does not fit a FHIR id", { vendor: mocdoc.id, change });
    return;
  }
  const times = slotTimes(key.day, { start: key.start }, config.timezone, config.slotMinutes);
  const appointment = toAppointment(id, key, times, config.timezone, { vendor: vendorStatus, fhir: change }, patient && toPatient(patient, "patient"));
  await publishAppointmentChange(ctx, appointmentEvent(mocdoc.id, ctx.connection.connectionId, change, appointment), false);
}

/** bookAppointment's follow-up. */
export async function publishBooked(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const { drkey, date, start, fname, lname, phone, email, gender, dob } = ctx.input as Record<string, string | undefined>;
  if (drkey && date && start) await publish(ctx, "booked", { drkey, day: date, start }, "booked", { fname, lname, mobile: phone, email, gender, dob });
  return result;
}

/** updateAppointmentStatus's follow-up: a status that cancels or marks a no-show is a change; others are not. */
export async function publishStatusChange(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const { apptkey, status } = ctx.input as { apptkey: string; status: string };
  const change = appointmentStatus(status, parseConnectionConfig(mocdoc, ctx.connection.config));
  const key = parseApptkey(apptkey);
  if (change !== "booked" && key) await publish(ctx, change, key, status);
  return result;
}
