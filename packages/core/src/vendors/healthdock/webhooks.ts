import { createHash } from "node:crypto";
import type { InboundEvent } from "../../inbox/inbox";
import { hmacSha256Hex, isFresh, sameSignature } from "../../inbox/hmac";
import type { WebhookReceiver } from "../../inbox/webhook";
import { appointmentChangesOf } from "./appointment-changes";
import { healthdock, type HealthdockConfig, type HealthdockSecrets } from "./vendor";

/**
 * HealthDock's webhooks at `POST /webhooks/healthdock/{connectionId}`, on the shared inbox. The
 * docs' snippet verifies `signature === "sha256=" + hex(HMAC-SHA256(secret, payload))`; where the
 * signature travels is the connection's `webhookSignature` (vendor.ts says why both):
 *
 * - `body`: the delivered JSON's `signature` field, over JSON.stringify of the object without it,
 *   keys in the order received (as a sender that signs `JSON.stringify(event)` and then adds the
 *   field produces; JSON.parse keeps that order, except that integer-like keys come first);
 * - `header`: the `webhookSignatureHeader` header, over the raw body as received.
 *
 * Compared in constant time. Unsigned, mis-signed and stale deliveries (the payload's `timestamp`
 * further than `webhookToleranceSeconds` from now) are 401. The event id is the hash of the signed
 * bytes, so a delivery replayed within the tolerance is published once. Published as
 * `healthdock.{event}` with `{connectionId, eventId, event, timestamp, data}`, and an appointment
 * event also as the booking change it is (`switchboard.appointment.*`, appointment-changes.ts).
 */
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const EVENT_NAME = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

function signed(config: HealthdockConfig, raw: Buffer, body: Record<string, unknown>, headers: Record<string, string | undefined>): { payload: string | Buffer; signature: unknown } {
  if (config.webhookSignature === "header") return { payload: raw, signature: headers[config.webhookSignatureHeader.toLowerCase()] };
  const { signature, ...unsigned } = body;
  return { payload: JSON.stringify(unsigned), signature };
}

export const healthdockWebhook: WebhookReceiver<HealthdockConfig, HealthdockSecrets> = {
  vendor: healthdock,
  path: "/webhooks/healthdock/{connectionId}",
  accept: ({ raw, headers, connection, config, secrets, now }) => {
    if (!secrets.webhookSecret) return { kind: "unauthorized", reason: "the connection has no webhookSecret to verify deliveries with" };
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return { kind: "invalid", reason: "the body is not JSON" };
    }
    if (!isRecord(body)) return { kind: "invalid", reason: "the body is not a JSON object" };
    const { payload, signature } = signed(config, raw, body, headers);
    if (typeof signature !== "string" || signature === "") return { kind: "unauthorized", reason: `unsigned delivery (no signature ${config.webhookSignature === "header" ? "header" : "field"})` };
    if (!sameSignature(signature, `sha256=${hmacSha256Hex(secrets.webhookSecret, payload)}`)) return { kind: "unauthorized", reason: "the signature does not match" };
    const { event, timestamp, data } = body;
    if (typeof event !== "string" || !EVENT_NAME.test(event) || event.length > 64 || typeof timestamp !== "string" || !isRecord(data)) {
      return { kind: "invalid", reason: "not a HealthDock event ({event, timestamp, data})" };
    }
    if (!isFresh(timestamp, now, config.webhookToleranceSeconds)) return { kind: "unauthorized", reason: `stale delivery: its timestamp is more than ${config.webhookToleranceSeconds} s from now` };
    const eventId = createHash("sha256").update(payload).digest("hex").slice(0, 32);
    const inbound: InboundEvent = { eventId, detailType: `healthdock.${event}`, detail: { connectionId: connection.connectionId, eventId, event, timestamp, data } };
    return { kind: "accepted", events: [inbound, ...appointmentChangesOf(connection.connectionId, event, data, config.timezone)] };
  },
};
