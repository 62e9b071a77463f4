import type { World } from "./model";
import { NotificationQueue } from "./notification-queue";
import { PushChannel } from "./push";
import { seedOf } from "./random";
import { AccountLimiter } from "./rate-limit";
import { generateWorld } from "./world";

export interface DocplannerSimAccount {
  clientId: string;
  clientSecret: string;
  /** Access token lifetime, seconds (default 3600). */
  tokenTtlSeconds?: number;
  /** Budgets per window (defaults 8000 GETs per hour, 40 other requests per minute). */
  readsPerWindow?: number;
  writesPerWindow?: number;
  /** Window lengths, ms (defaults 3_600_000 and 60_000); tests scale them down. Windows are fixed, aligned to multiples of the length since the epoch, counted on arrival. */
  readWindowMs?: number;
  writeWindowMs?: number;
  /** false: the account's limiter is off, so no X-RateLimit-* headers and no 429 (default true). */
  rateLimitHeaders?: boolean;
  /** "pull" (default) or "push"; push delivers each notification once to pushUrl. */
  notifications?: "pull" | "push";
  pushUrl?: string;
  /** Seed for the account's deterministic data. */
  seed?: number;
}

/** One Docplanner client as the simulator keeps it. */
export interface AccountState {
  account: DocplannerSimAccount;
  world: World;
  /** Undefined when the account's limiter is off. */
  limiter: AccountLimiter | undefined;
  queue: NotificationQueue;
  push: PushChannel;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export function newAccountState(account: DocplannerSimAccount, now: number, stopping: AbortSignal): AccountState {
  const copy = { ...account };
  const queue = new NotificationQueue();
  const limiter =
    copy.rateLimitHeaders === false
      ? undefined
      : new AccountLimiter(
          { limit: copy.readsPerWindow ?? 8000, windowMs: copy.readWindowMs ?? 3_600_000 },
          { limit: copy.writesPerWindow ?? 40, windowMs: copy.writeWindowMs ?? 60_000 },
        );
  return {
    account: copy,
    world: generateWorld(copy.seed ?? seedOf(copy.clientId), now),
    limiter,
    queue,
    push: new PushChannel(() => copy.pushUrl, queue, stopping),
  };
}

export const isPush = (state: AccountState) => state.account.notifications === "push";
