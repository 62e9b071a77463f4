import type { Context } from "aws-lambda";
import * as v from "valibot";
import type { VendorDefinition } from "../catalogue";
import { assertConnectionId, parseConnectionConfig, type Connection } from "../connections";
import type { Deps } from "../deps";
import { correlationIdOf, type HttpEvent } from "../http/event";
import { json, problem, type HttpResult } from "../http/problem";
import { loggerFor } from "../log";
import type { InboundEvent } from "./inbox";

/**
 * An inbound webhook as one pipeline for every vendor: raw body kept → the vendor's `accept`
 * (verify the delivery is genuine, decrypt or decode it, validate it) → store in the inbox
 * (deduplicated) → publish → answer. A delivery for no connection, or with a wrong path secret,
 * is a 404 and nothing is kept; a refused one (bad signature, invalid content) is answered 4xx and
 * kept for inspection under `rejected/` in the archive. Logs carry reasons and ids, never content.
 */
export interface WebhookRequest<Config, Secrets> {
  raw: Buffer;
  headers: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
  connection: Connection;
  config: Config;
  secrets: Secrets;
  now: Date;
}

export type WebhookVerdict =
  /** Not this connection's endpoint (a wrong path secret): 404, nothing kept. */
  | { kind: "unknown" }
  /** Not provably from the vendor (signature, key): kept, answered 401. */
  | { kind: "unauthorized"; reason: string }
  /** From the vendor but not what the docs describe: kept, answered 400. */
  | { kind: "invalid"; reason: string }
  | { kind: "accepted"; events: InboundEvent[]; answer?: { status: number; body?: unknown } };

export interface WebhookReceiver<Config = any, Secrets = any> {
  vendor: VendorDefinition<Config, Secrets>;
  /** Our route, e.g. `/webhooks/docplanner/{connectionId}/{pushToken}`. */
  path: string;
  accept(request: WebhookRequest<Config, Secrets>): WebhookVerdict | Promise<WebhookVerdict>;
}

const notFound = () => problem(404, "not-found", "Not Found", "No such webhook endpoint");

const FRESH_READ_INTERVAL_MS = 10_000;
const lastFreshRead = new Map<string, number>();

/** Bounds the fresh secret reads refused deliveries can cause: forged ones must not drive Secrets Manager calls. */
function freshReadAllowed(connectionId: string): boolean {
  const now = Date.now();
  if (now - (lastFreshRead.get(connectionId) ?? 0) < FRESH_READ_INTERVAL_MS) return false;
  lastFreshRead.set(connectionId, now);
  return true;
}

export async function handleWebhook(receiver: WebhookReceiver, event: HttpEvent, _context: Context | undefined, deps: Deps): Promise<HttpResult> {
  const correlationId = correlationIdOf(event);
  const vendor = receiver.vendor;
  const log = loggerFor(correlationId, { webhook: vendor.id });
  const connectionId = event.pathParameters?.connectionId ?? "";
  try {
    assertConnectionId(connectionId);
  } catch {
    return notFound();
  }
  const connection = await deps.connections.get(connectionId);
  if (!connection || connection.vendor !== vendor.id) return notFound();
  const config = parseConnectionConfig(vendor, connection.config);
  const raw = event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, val]) => [k.toLowerCase(), val]));
  const acceptWith = async (fresh: boolean) => {
    const secrets = v.parse(vendor.secretsSchema, await deps.credentials.get(connection.secretRef, { fresh }));
    return receiver.accept({ raw, headers, params: event.pathParameters ?? {}, connection, config, secrets, now: new Date() });
  };
  let verdict = await acceptWith(false);
  // A key stored since this container cached the secret (Solo's createWebhook answers a new one):
  // one fresh read, at most every few seconds per connection, before refusing.
  if (verdict.kind === "unauthorized" && freshReadAllowed(connectionId)) verdict = await acceptWith(true);

  if (verdict.kind === "unknown") {
    log.info("webhook for an unknown endpoint", { connectionId });
    return notFound();
  }
  if (verdict.kind !== "accepted") {
    const rejectionId = await deps.inbox.reject(vendor.id, connectionId, raw.toString("base64"), verdict.reason);
    log.warn("webhook delivery refused", { connectionId, reason: verdict.reason, rejectionId });
    const status = verdict.kind === "unauthorized" ? 401 : 400;
    return problem(status, verdict.kind === "unauthorized" ? "webhook-unauthorized" : "webhook-invalid", status === 401 ? "Unauthorized" : "Invalid delivery", verdict.reason, { rejectionId });
  }
  const outcome = await deps.inbox.receive({ vendor: vendor.id, connectionId, via: "push", raw: raw.toString("utf8"), events: verdict.events });
  log.info("webhook delivery received", { connectionId, deliveryId: outcome.deliveryId, published: outcome.published, duplicates: outcome.duplicates });
  // Whatever an earlier receipt of this connection left unfinished, finish it now.
  await deps.inbox.drain(vendor.id, connectionId).catch((err: unknown) => log.warn("inbox drain failed", { connectionId, error: (err as Error).name }));
  const answer = verdict.answer ?? { status: 200, body: { received: verdict.events.length } };
  return json(answer.status, answer.body ?? {});
}
