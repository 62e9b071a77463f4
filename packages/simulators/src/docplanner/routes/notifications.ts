import { isPush } from "../accounts";
import { HOUR } from "../datetime";
import { ApiError, empty, MESSAGES, ok } from "../replies";
import type { RouteTable } from "../route-context";

/** Pulling notifications (FIFO, removed when pulled) and releasing failed pushes (API Notification Callbacks). */
const MAX_PULL = 100;
const RELEASE_INTERVAL_MS = HOUR;

export const notificationRoutes: RouteTable = {
  "Pull Notification": (ctx) => {
    const [first] = ctx.state.queue.take(1, ctx.now).notifications;
    if (!first) throw new ApiError(404, MESSAGES.noNotifications);
    return ok(200, first);
  },

  "Pull Multiple Notification": (ctx) => {
    const limit = (ctx.query.limit as number | undefined) ?? 1;
    if (limit < 1 || limit > MAX_PULL) throw new ApiError(400, `Param "limit" must be between 1 and ${MAX_PULL}`);
    const pulled = ctx.state.queue.take(limit, ctx.now);
    if (pulled.notifications.length === 0) throw new ApiError(404, MESSAGES.noNotifications);
    return ok(200, pulled);
  },

  /** Push clients only, once an hour; re-dispatches (asynchronously) the pushes that failed. */
  "Release Notifications": (ctx) => {
    const { state, now } = ctx;
    if (!isPush(state)) throw new ApiError(403, MESSAGES.releaseForbidden);
    const last = state.queue.lastReleaseAt;
    if (last !== undefined && now - last < RELEASE_INTERVAL_MS) {
      return empty(429, { "Retry-After": String(Math.ceil((last + RELEASE_INTERVAL_MS - now) / 1000)) });
    }
    state.queue.lastReleaseAt = now;
    void state.push.redeliver(now);
    return empty(204);
  },
};
