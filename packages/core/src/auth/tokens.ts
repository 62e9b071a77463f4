import { createHash } from "node:crypto";
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { isConditionFailed } from "../records";

/**
 * Access tokens a vendor issues (OAuth client credentials, an SSO login, a refreshed authorization
 * code grant), shared by every container of a connection through one table record per token:
 *
 * - A token is used until shortly before it expires (`refreshAhead`), then replaced.
 * - One caller fetches a new token; the others wait for it. The fetcher holds a short lease on the
 *   record (a conditional update), so 50 cold functions make one token request, not 50.
 * - A token the vendor refused (401) is invalidated only if it is still the stored one, so a
 *   caller holding an old token cannot discard the fresh one another caller just stored.
 *
 * Tokens are never logged and never leave core: records live in the KMS-encrypted table, keyed by
 * a hash of the token's name (which may identify a user).
 */
export interface IssuedToken {
  accessToken: string;
  /** Lifetime from now, in seconds. */
  expiresInSeconds: number;
  refreshToken?: string;
  /**
   * What the fetcher needs to get the next token by itself, where the vendor has no refresh grant
   * (VSee's SSO re-login: the login's form fields). Kept with the token until a new one replaces it.
   */
  renewal?: Record<string, string>;
}

export interface StoredToken {
  accessToken: string;
  /** ms since epoch. */
  expiresAt: number;
  refreshToken?: string;
  renewal?: Record<string, string>;
}

/** Fetches a new token; `previous` is the stored one, if any (for a refresh-token grant). */
export type TokenFetcher = (previous: StoredToken | undefined) => Promise<IssuedToken>;

export interface TokenStoreOptions {
  ddb: DynamoDBDocumentClient;
  table: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** How long a fetcher may hold the lease before another caller may try. */
const LEASE_MS = 15_000;
const POLL_MS = 50;
/** A caller waits at most this long for another caller's fetch before giving up. */
const MAX_WAIT_MS = 20_000;
/** Replace a token this long before it expires: a fifth of its life, at most five minutes. */
export const refreshAhead = (lifetimeMs: number) => Math.min(300_000, Math.floor(lifetimeMs / 5));

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TokenStore {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** This container's copy, so warm calls need no table read. */
  private readonly cache = new Map<string, StoredToken & { freshUntil: number }>();
  /** One fetch per token per container at a time. */
  private readonly inFlight = new Map<string, Promise<StoredToken>>();

  constructor(private readonly opts: TokenStoreOptions) {
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? sleepFor;
  }

  static key(connectionId: string, name: string): string {
    return `TOKEN#${connectionId}#${createHash("sha256").update(name).digest("hex").slice(0, 32)}`;
  }

  /** A token that is good for a while yet, fetched if needed (by this caller or another). */
  async get(connectionId: string, name: string, fetch: TokenFetcher): Promise<string> {
    const key = TokenStore.key(connectionId, name);
    const cached = this.cache.get(key);
    if (cached && this.now() < cached.freshUntil) return cached.accessToken;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.obtain(key, fetch).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return (await pending).accessToken;
  }

  /** Forgets `accessToken` (the vendor refused it), unless the stored token has already been replaced. */
  async invalidate(connectionId: string, name: string, accessToken: string): Promise<void> {
    const key = TokenStore.key(connectionId, name);
    if (this.cache.get(key)?.accessToken === accessToken) this.cache.delete(key);
    try {
      await this.opts.ddb.send(
        new UpdateCommand({
          TableName: this.opts.table,
          Key: { pk: key },
          UpdateExpression: "SET expiresAt = :zero, freshUntil = :zero",
          ConditionExpression: "accessToken = :refused",
          ExpressionAttributeValues: { ":zero": 0, ":refused": accessToken },
        }),
      );
    } catch (err) {
      if (!isConditionFailed(err)) throw err;
    }
  }

  /**
   * Stores a token obtained outside a fetch (a user's login answered to its caller, an OAuth code
   * exchange), replacing whatever the record held, so every container uses it from now on.
   */
  async put(connectionId: string, name: string, issued: IssuedToken): Promise<void> {
    const key = TokenStore.key(connectionId, name);
    this.cache.delete(key);
    await this.write(key, this.stored(issued, undefined));
  }

  /** Removes a token for good (its user or connection went away). */
  async forget(connectionId: string, name: string): Promise<void> {
    const key = TokenStore.key(connectionId, name);
    this.cache.delete(key);
    await this.opts.ddb.send(new DeleteCommand({ TableName: this.opts.table, Key: { pk: key } }));
  }

  private async obtain(key: string, fetch: TokenFetcher): Promise<StoredToken> {
    const deadline = this.now() + MAX_WAIT_MS;
    for (;;) {
      const stored = await this.read(key);
      if (stored && this.now() < stored.freshUntil) return this.remember(key, stored);
      if (await this.takeLease(key)) {
        // Stored by another caller between our read and our lease: use it.
        const again = await this.read(key);
        if (again && this.now() < again.freshUntil) {
          await this.releaseLease(key);
          return this.remember(key, again);
        }
        return this.remember(key, await this.fetchAndStore(key, fetch, again ?? stored));
      }
      // Another caller is fetching. Its predecessor is still usable until it actually expires.
      if (stored && this.now() < stored.expiresAt) return stored;
      if (this.now() > deadline) throw new Error("token: timed out waiting for another caller's token request");
      await this.sleep(POLL_MS);
    }
  }

  private remember(key: string, token: StoredToken & { freshUntil: number }): StoredToken {
    this.cache.set(key, token);
    return token;
  }

  private async fetchAndStore(key: string, fetch: TokenFetcher, previous: StoredToken | undefined): Promise<StoredToken & { freshUntil: number }> {
    let issued: IssuedToken;
    try {
      issued = await fetch(previous);
    } catch (err) {
      await this.releaseLease(key);
      throw err;
    }
    const token = this.stored(issued, previous);
    await this.write(key, token);
    return token;
  }

  private stored(issued: IssuedToken, previous: StoredToken | undefined): StoredToken & { freshUntil: number } {
    const now = this.now();
    const lifetime = Math.max(0, issued.expiresInSeconds * 1000);
    // A grant that returns no new refresh token (or renewal) keeps the old one.
    const refreshToken = issued.refreshToken ?? previous?.refreshToken;
    const renewal = issued.renewal ?? previous?.renewal;
    return {
      accessToken: issued.accessToken,
      expiresAt: now + lifetime,
      freshUntil: now + lifetime - refreshAhead(lifetime),
      ...(refreshToken !== undefined && { refreshToken }),
      ...(renewal !== undefined && { renewal }),
    };
  }

  private async write(key: string, token: StoredToken & { freshUntil: number }): Promise<void> {
    await this.opts.ddb.send(
      new PutCommand({
        TableName: this.opts.table,
        Item: { pk: key, type: "token", ...token, ttl: Math.floor((token.expiresAt + 86_400_000) / 1000) },
      }),
    );
  }

  private async read(key: string): Promise<(StoredToken & { freshUntil: number }) | undefined> {
    const out = await this.opts.ddb.send(new GetCommand({ TableName: this.opts.table, Key: { pk: key }, ConsistentRead: true }));
    const item = out.Item;
    if (!item || typeof item.accessToken !== "string") return undefined;
    return {
      accessToken: item.accessToken,
      expiresAt: Number(item.expiresAt ?? 0),
      freshUntil: Number(item.freshUntil ?? 0),
      ...(typeof item.refreshToken === "string" && { refreshToken: item.refreshToken }),
      ...(typeof item.renewal === "object" && item.renewal !== null && { renewal: item.renewal as Record<string, string> }),
    };
  }

  private async takeLease(key: string): Promise<boolean> {
    const now = this.now();
    try {
      await this.opts.ddb.send(
        new UpdateCommand({
          TableName: this.opts.table,
          Key: { pk: key },
          UpdateExpression: "SET leaseUntil = :until, #type = :type",
          ConditionExpression: "attribute_not_exists(leaseUntil) OR leaseUntil < :now",
          ExpressionAttributeNames: { "#type": "type" },
          ExpressionAttributeValues: { ":until": now + LEASE_MS, ":now": now, ":type": "token" },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }

  private async releaseLease(key: string): Promise<void> {
    await this.opts.ddb.send(new UpdateCommand({ TableName: this.opts.table, Key: { pk: key }, UpdateExpression: "REMOVE leaseUntil" }));
  }
}

/**
 * What a vendor's `authorize` sees of the connection's tokens during one attempt. The attempt
 * remembers which tokens it used, so that when the vendor answers 401 exactly those are
 * invalidated before the one retry.
 */
export interface TokenAccess {
  get(name: string, fetch: TokenFetcher): Promise<string>;
}

export class AttemptTokens implements TokenAccess {
  readonly used: { name: string; accessToken: string }[] = [];

  constructor(
    private readonly store: TokenStore,
    private readonly connectionId: string,
  ) {}

  async get(name: string, fetch: TokenFetcher): Promise<string> {
    const accessToken = await this.store.get(this.connectionId, name, fetch);
    this.used.push({ name, accessToken });
    return accessToken;
  }

  async invalidateUsed(): Promise<void> {
    for (const { name, accessToken } of this.used) await this.store.invalidate(this.connectionId, name, accessToken);
  }
}

/** For a dry run: shows where a token goes without fetching one. */
export const placeholderTokens: TokenAccess = { get: async (name) => `<${name} token>` };
