import type { AfterSuccessContext } from "../../../catalogue";
import { VendorError } from "../../../errors";
import { isNotification, notificationEvents } from "./events";

/**
 * The follow-up of `pullNotification` and `pullNotifications`, however they were called (the
 * puller, our API, a command): Docplanner deletes what it answers, so the answer is stored in the
 * inbox and published before the caller gets it.
 */
export async function ingestPulled(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  const listed = (result as { notifications?: unknown } | null)?.notifications;
  const notifications = Array.isArray(listed) ? listed : result === null ? [] : [result];
  if (!notifications.every(isNotification)) {
    // Keep it anyway: these are gone from Docplanner now.
    await ctx.deps.inbox.reject("docplanner", ctx.connection.connectionId, JSON.stringify(result), "pulled notifications not in the documented shape");
    throw new VendorError({ vendor: "docplanner", operation: "docplanner.pullNotifications", code: "MALFORMED_RESPONSE", retryable: false });
  }
  if (notifications.length) {
    const outcome = await ctx.deps.inbox.receive({
      vendor: "docplanner",
      connectionId: ctx.connection.connectionId,
      via: "pull",
      raw: JSON.stringify(result),
      events: notifications.flatMap((n) => notificationEvents(ctx.connection.connectionId, n, "pull")),
    });
    ctx.log.info("pulled notifications stored", { deliveryId: outcome.deliveryId, published: outcome.published, duplicates: outcome.duplicates });
  }
  return result;
}
