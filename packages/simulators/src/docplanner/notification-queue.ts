import { HOUR } from "./datetime";

/**
 * A client's notifications: the pull queue (FIFO; pulling removes) and the pushes whose delivery
 * failed, kept for releaseNotifications. Both forget notifications after 72 hours.
 */
export interface Notification {
  name: string;
  data: unknown;
  created_at: string;
}

interface Held {
  notification: Notification;
  queuedAt: number;
}

export const EXPIRY_MS = 72 * HOUR;

export class NotificationQueue {
  private pending: Held[] = [];
  private failed: Held[] = [];
  /** Simulator time of the last accepted releaseNotifications. */
  lastReleaseAt: number | undefined;

  private expire(now: number): void {
    const live = (h: Held) => now - h.queuedAt < EXPIRY_MS;
    this.pending = this.pending.filter(live);
    this.failed = this.failed.filter(live);
  }

  enqueue(notification: Notification, now: number): void {
    this.pending.push({ notification, queuedAt: now });
  }

  /** The earliest `limit` notifications, removed, and how many are left. */
  take(limit: number, now: number): { notifications: Notification[]; remaining: number } {
    this.expire(now);
    const taken = this.pending.splice(0, limit).map((h) => h.notification);
    return { notifications: taken, remaining: this.pending.length };
  }

  keepFailed(notification: Notification, queuedAt: number): void {
    this.failed.push({ notification, queuedAt });
  }

  /** Failed pushes to re-dispatch, removed (a failure again puts them back with their first time). */
  takeFailed(now: number): { notification: Notification; queuedAt: number }[] {
    this.expire(now);
    const taken = this.failed;
    this.failed = [];
    return taken;
  }
}
