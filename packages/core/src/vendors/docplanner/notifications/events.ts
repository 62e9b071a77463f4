import { createHash } from "node:crypto";
import type { InboundEvent } from "../../../inbox/inbox";
import { canonicalJson } from "../../../sync/records";
import { appointmentChangesOf } from "../appointment-changes";

/** A notification as Docplanner pushes it and as pulling returns it. */
export interface DocplannerNotification {
  name: string;
  data: Record<string, unknown>;
  created_at: string;
}

export function isNotification(value: unknown): value is DocplannerNotification {
  const n = value as DocplannerNotification | null;
  return typeof n === "object" && n !== null && typeof n.name === "string" && typeof n.data === "object" && n.data !== null && typeof n.created_at === "string";
}

/**
 * Stable: the hash of the notification's content, so the same notification, pushed and then
 * pulled (or released and pushed again), is one event.
 */
export function notificationId(n: DocplannerNotification): string {
  return createHash("sha256").update(canonicalJson({ name: n.name, data: n.data, created_at: n.created_at })).digest("hex").slice(0, 32);
}

/** `docplanner.{name}` on the bus, e.g. `docplanner.slot-booked`. */
export function notificationEvent(connectionId: string, n: DocplannerNotification, via: "pull" | "push"): InboundEvent {
  const id = notificationId(n);
  return {
    eventId: id,
    detailType: `docplanner.${n.name}`,
    detail: { connectionId, notificationId: id, name: n.name, createdAt: n.created_at, data: n.data, via },
  };
}

/** What a notification publishes: itself, and the appointment change it is, if it is one. */
export function notificationEvents(connectionId: string, n: DocplannerNotification, via: "pull" | "push"): InboundEvent[] {
  return [notificationEvent(connectionId, n, via), ...appointmentChangesOf(connectionId, n)];
}
