import { iso } from "./datetime";

/**
 * Docplanner's two budgets per client: GETs (8000 an hour) and every other method (40 a minute),
 * in fixed windows aligned to multiples of their length since the epoch, counted on arrival. A
 * request over the budget is refused and not counted, so Used never exceeds Limit.
 */
export interface Budget {
  limit: number;
  windowMs: number;
}

export interface Verdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export class FixedWindow {
  private start = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(private readonly budget: Budget) {}

  take(at: number): Verdict {
    const { limit, windowMs } = this.budget;
    const start = Math.floor(at / windowMs) * windowMs;
    if (start !== this.start) {
      this.start = start;
      this.used = 0;
    }
    const allowed = this.used < limit;
    if (allowed) this.used += 1;
    return {
      allowed,
      headers: {
        "X-RateLimit-Limit": String(limit),
        "X-RateLimit-Remaining": String(limit - this.used),
        "X-RateLimit-Reset": iso(start + windowMs),
        "X-RateLimit-Used": String(this.used),
      },
    };
  }
}

export class AccountLimiter {
  private readonly reads: FixedWindow;
  private readonly writes: FixedWindow;

  constructor(reads: Budget, writes: Budget) {
    this.reads = new FixedWindow(reads);
    this.writes = new FixedWindow(writes);
  }

  take(method: string, at: number): Verdict {
    return (method === "GET" || method === "HEAD" ? this.reads : this.writes).take(at);
  }
}
