import type { Notification, NotificationQueue } from "./notification-queue";

/**
 * Push delivery: each notification is POSTed once, in order, as application/json {name, data,
 * created_at}; Docplanner pushes "only once regardless of the response status", so a non-2xx or a
 * missing answer is not retried but kept for releaseNotifications.
 */
/** Docplanner does not document its webhook timeout; a push unanswered this long has failed. */
export const PUSH_TIMEOUT_MS = 2000;
/** The approval hooks (slot-booking): no 2xx within a second denies. */
export const APPROVAL_TIMEOUT_MS = 1000;

/**
 * The receiver's HTTP status, or undefined when it did not answer in time (or at all). One
 * controller with its own timer rather than AbortSignal.any: Node 20 can collect a combined
 * signal before it fires, leaving the request hanging.
 */
async function post(url: string, notification: Notification, timeoutMs: number, stopping: AbortSignal): Promise<number | undefined> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, timeoutMs);
  stopping.addEventListener("abort", abort, { once: true });
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "User-Agent": "Docplanner-Integrations-Push" },
      body: JSON.stringify(notification),
      redirect: "manual",
      signal: controller.signal,
    });
    await res.body?.cancel();
    return res.status;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    stopping.removeEventListener("abort", abort);
  }
}

const accepted = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

export class PushChannel {
  /** Deliveries run one after another, so the receiver sees them in the order they happened. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly target: () => string | undefined,
    private readonly queue: NotificationQueue,
    private readonly stopping: AbortSignal,
  ) {}

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Delivers once; a failure is kept (with its first queue time, for the 72-hour expiry). */
  send(notification: Notification, queuedAt: number): Promise<boolean> {
    return this.enqueue(async () => {
      const url = this.target();
      const delivered = url !== undefined && accepted(await post(url, notification, PUSH_TIMEOUT_MS, this.stopping));
      if (!delivered) this.queue.keepFailed(notification, queuedAt);
      return delivered;
    });
  }

  /** An approval hook: true when the receiver answered 2xx within a second. Never kept for release. */
  ask(notification: Notification): Promise<boolean> {
    return this.enqueue(async () => {
      const url = this.target();
      return url !== undefined && accepted(await post(url, notification, APPROVAL_TIMEOUT_MS, this.stopping));
    });
  }

  /** releaseNotifications: the failed pushes again, in their order; resolves with how many got through. */
  async redeliver(now: number): Promise<number> {
    const results = await Promise.all(this.queue.takeFailed(now).map((f) => this.send(f.notification, f.queuedAt)));
    return results.filter(Boolean).length;
  }
}
