import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSwitchboardClient, type paths, type SwitchboardClient } from "@switchboard/client";
import { addConnection } from "@switchboard/core/connection-registry";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "@switchboard/local/stack";
import { localVendors } from "@switchboard/local/vendors";
import type { MocDocSimAccount } from "@switchboard/simulators/mocdoc/index";

/**
 * A local stack in a temporary state directory, on free ports, with test-friendly timings. The
 * wall-clock schedule is off: a daily sync firing at :30 mid-test would add vendor calls a test
 * counts; tests that need it call runSchedules.
 */
export async function startTestStack(options: LocalStackOptions = {}): Promise<LocalStack & { cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "switchboard-test-"));
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    // Free ports for every simulator, so test files run side by side.
    simulatorPorts: Object.fromEntries(localVendors.map((v) => [v.vendor, 0])),
    queueVisibilitySeconds: 1,
    schedule: false,
    ...options,
    env: { CONNECTION_CACHE_MS: "0", VENDOR_TIMEOUT_MS: "1000", ...options.env },
  });
  return Object.assign(stack, {
    cleanup: async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  });
}

export interface TestConnection {
  connectionId: string;
  tenantId: string;
  account: MocDocSimAccount;
}

export interface MocDocAccountOptions {
  minIntervalMs: number;
  hmac?: "sha1" | "sha256";
  secretEncoding?: "utf8" | "base64";
  /** How the account reads lab windows' `endtime`; the connection is configured to match. */
  windowEnd?: "inclusive" | "exclusive";
}

/** A fresh MocDoc simulator account for one test connection. */
export function mocdocAccount(connectionId: string, opts: MocDocAccountOptions): MocDocSimAccount {
  return {
    entityKey: `entity-${connectionId}`,
    accessKey: `ak-${randomBytes(4).toString("hex")}`,
    secretKey: randomBytes(18).toString("base64"),
    hmac: opts.hmac ?? "sha1",
    secretEncoding: opts.secretEncoding ?? "utf8",
    minIntervalMs: opts.minIntervalMs,
    windowEnd: opts.windowEnd,
  };
}

/** Our connection to a MocDoc account served at `baseUrl` (the local stack's simulator, or one elsewhere). */
export async function connectMocDoc(stack: LocalStack, ids: { connectionId: string; tenantId: string }, account: MocDocSimAccount, baseUrl: string): Promise<TestConnection> {
  await addConnection(stack.deps, {
    vendor: "mocdoc",
    connectionId: ids.connectionId,
    tenantId: ids.tenantId,
    config: {
      baseUrl,
      entityKey: account.entityKey,
      hmac: account.hmac,
      secretEncoding: account.secretEncoding,
      minIntervalMs: account.minIntervalMs,
      ...(account.windowEnd ? { windowEnd: account.windowEnd } : {}),
    },
    secrets: { accessKey: account.accessKey, secretKey: account.secretKey },
  });
  return { ...ids, account };
}

/** A MocDoc account on the local stack's simulator and our connection to it, with a scaled-down pacing interval. */
export async function addMocDocConnection(
  stack: LocalStack,
  opts: { connectionId: string; tenantId: string } & MocDocAccountOptions,
): Promise<TestConnection> {
  const account = mocdocAccount(opts.connectionId, opts);
  stack.simulators.mocdoc.addAccount(account);
  return connectMocDoc(stack, opts, account, stack.simulators.mocdoc.url);
}

/** The typed client (packages/client) with a tenant's token: how the integration tests call the API, so the client cannot drift from it. */
export const switchboardClient = (stack: LocalStack, token: string): SwitchboardClient => createSwitchboardClient({ baseUrl: stack.apiUrl, token });

/** The `{ params: { path: { connectionId } } }` every vendor route takes. */
export const onConnection = (connectionId: string) => ({ params: { path: { connectionId } } });

/** A small HTTP client for our API with a tenant's token. */
export function apiClient(stack: LocalStack, token: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
}

/** mocdoc.bookAppointment's body, as the typed client takes it. */
export type BookAppointment = paths["/v1/mocdoc/{connectionId}/appointments"]["post"]["requestBody"]["content"]["application/json"];

export const appointment = (overrides: Partial<BookAppointment> = {}): BookAppointment => ({
  entitylocation: "location1",
  drkey: "dr-arthi",
  date: "20261201",
  start: "10:00",
  fname: "Asha",
  phone: "9876543210",
  ...overrides,
}) as BookAppointment;

/** mocdoc.bookAppointment through the typed client: `appointment(overrides)` on a connection, with an Idempotency-Key when given. */
export const bookAppointment = (client: SwitchboardClient, connectionId: string, overrides?: Partial<BookAppointment>, idempotencyKey?: string) =>
  client.POST("/v1/mocdoc/{connectionId}/appointments", {
    params: { path: { connectionId }, ...(idempotencyKey && { header: { "Idempotency-Key": idempotencyKey } }) },
    body: appointment(overrides),
  });

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
