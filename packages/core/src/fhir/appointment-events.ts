import { createHash } from "node:crypto";
import type { Appointment } from "@medplum/fhirtypes";
import type { AfterSuccessContext } from "../catalogue";
import type { InboundEvent } from "../inbox/inbox";

/**
 * Booking changes from every vendor in one shape, for a back-office service to subscribe to once:
 * `switchboard.appointment.booked|rescheduled|cancelled|noshow` with the FHIR Appointment and the
 * connection. They come from vendors' own notifications (Docplanner, Solo and HealthDock webhooks)
 * and from the changes we make for callers (MocDoc, which tells nobody).
 *
 * The event id is derived from what changed (the appointment, the change, and for a reschedule the
 * new start), so the same change seen twice — our booking, then the vendor's notification of it —
 * is one event where it goes through the inbox, and recognisable as one by consumers elsewhere.
 */
export type AppointmentChangeKind = "booked" | "rescheduled" | "cancelled" | "noshow";

/** `extra` adds to the detail what the appointment cannot say (a reschedule's `replaces`: the id it had before). */
export function appointmentEvent(vendor: string, connectionId: string, change: AppointmentChangeKind, appointment: Appointment, extra?: Record<string, unknown>): InboundEvent {
  const eventId = createHash("sha256")
    .update([vendor, connectionId, appointment.id, change, change === "rescheduled" ? (appointment.start ?? "") : ""].join("\u001f"))
    .digest("hex")
    .slice(0, 32);
  return { eventId, detailType: `switchboard.appointment.${change}`, detail: { connectionId, vendor, change, eventId, appointment, ...extra } };
}

/**
 * Publishes a change we made: through the vendor's inbox where it has one (deduplicated against
 * its notifications), else straight to the bus. The vendor has made the change by now, so a
 * failure to publish is logged as an error and does not fail the call (the caller's retry would
 * repeat the change, not the event).
 */
export async function publishAppointmentChange(ctx: Pick<AfterSuccessContext, "deps" | "connection" | "log">, event: InboundEvent, inbox: boolean): Promise<void> {
  const vendor = String(event.detail.vendor);
  const connectionId = ctx.connection.connectionId;
  try {
    if (inbox) await ctx.deps.inbox.receive({ vendor, connectionId, via: "api", raw: JSON.stringify(event.detail), events: [event] });
    else await ctx.deps.events.publish([{ detailType: event.detailType, detail: { ...event.detail } }]);
  } catch (error) {
    ctx.log.error("appointment change not published", { vendor, connectionId, detailType: event.detailType, eventId: event.eventId, reason: error instanceof Error ? error.name : "unknown" });
  }
}
