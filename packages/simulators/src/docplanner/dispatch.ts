import { isPush, type AccountState } from "./accounts";
import { iso } from "./datetime";
import type { Booking } from "./model";
import { notificationData } from "./notification-data";
import type { Notification } from "./notification-queue";

/**
 * Raising a notification for a client: pull clients find it in their queue, push clients get it
 * POSTed once (a failed delivery is kept for releaseNotifications). Resolves once it is queued or
 * its delivery attempt is over.
 */
export async function dispatch(state: AccountState, name: string, now: number, data?: Record<string, unknown>, requested?: Booking): Promise<Notification> {
  const notification: Notification = { name, data: data ?? notificationData(state.world, name, now, requested), created_at: iso(now) };
  if (isPush(state)) await state.push.send(notification, now);
  else state.queue.enqueue(notification, now);
  return notification;
}

/** The slot-booking approval hook: push clients approve with a 2xx within a second; pull clients are not asked. */
export function askApproval(state: AccountState, booking: Booking, now: number): Promise<boolean> {
  if (!isPush(state)) return Promise.resolve(true);
  return state.push.ask({ name: "slot-booking", data: notificationData(state.world, "slot-booking", now, booking), created_at: iso(now) });
}
