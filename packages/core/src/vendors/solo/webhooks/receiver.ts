import { createHash } from "node:crypto";
import * as v from "valibot";
import type { InboundEvent } from "../../../inbox/inbox";
import type { WebhookReceiver, WebhookVerdict } from "../../../inbox/webhook";
import { SoloPayloadError, unpackSoloPayload } from "../crypto";
import { appointmentChangesOf } from "../appointment-changes";
import { WEBHOOK_EVENTS } from "../fields";
import { solo, type SoloConfig, type SoloSecrets } from "../vendor";

/**
 * Solo's webhook deliveries, `POST /webhooks/solo/{connectionId}`: the payload encrypted with the
 * webhook's `encryptionKey` (crypto.ts), which createWebhook stored in the connection's secrets.
 * Encryption is what makes a delivery genuine: Solo signs nothing else.
 *
 * The docs show the decryption but not the HTTP body around the ciphertext, so three readings are
 * accepted, told apart by their first character (base64 never starts with `{` or `"`): the
 * ciphertext as the whole body, as a JSON string, or as the one string field of a JSON object.
 *
 * The events are the twelve the docs list, with their payload schemas (`data.patientId` and
 * `data.appointmentId` are ints; episode payloads are not documented and pass as they are),
 * published as `solo.{event with ':' as '.'}`. The event id is the hash of the ciphertext: a
 * replayed delivery is published once, while the same content encrypted again (a new salt and IV,
 * as Solo uses per payload) is a new event — two reschedules of one appointment look identical
 * once decrypted.
 */
export function ciphertextOf(raw: string): { ciphertext: string } | { problem: string } {
  const body = raw.trim();
  if (!body.startsWith("{") && !body.startsWith('"')) return body ? { ciphertext: body } : { problem: "the body is empty" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { problem: "the body starts like JSON but is not JSON" };
  }
  if (typeof parsed === "string") return { ciphertext: parsed };
  const strings = Object.values(parsed as Record<string, unknown>).filter((value): value is string => typeof value === "string");
  return strings.length === 1 ? { ciphertext: strings[0]! } : { problem: "a JSON object body needs exactly one string field, the encrypted payload" };
}

const PATIENT_EVENTS = WEBHOOK_EVENTS.filter((e) => e.startsWith("patient:"));
const APPOINTMENT_EVENTS = WEBHOOK_EVENTS.filter((e) => e.startsWith("appointment:"));
const EPISODE_EVENTS = WEBHOOK_EVENTS.filter((e) => e.startsWith("episode:"));
const int = v.pipe(v.number(), v.integer());

const payload = v.union([
  v.looseObject({ event: v.picklist(PATIENT_EVENTS), data: v.looseObject({ patientId: int }) }),
  v.looseObject({ event: v.picklist(APPOINTMENT_EVENTS), data: v.looseObject({ appointmentId: int }) }),
  v.looseObject({ event: v.picklist(EPISODE_EVENTS), data: v.record(v.string(), v.unknown()) }),
]);

export const soloEventType = (event: string) => `solo.${event.replace(/:/g, ".")}`;

export function acceptSoloDelivery(raw: string, key: string | undefined, connectionId: string, now: Date): WebhookVerdict {
  if (!key) return { kind: "unauthorized", reason: "no webhook encryption key stored for this connection (register the webhook with solo.createWebhook)" };
  const envelope = ciphertextOf(raw);
  if ("problem" in envelope) return { kind: "invalid", reason: envelope.problem };
  let plaintext: string;
  try {
    plaintext = unpackSoloPayload(key, envelope.ciphertext.trim());
  } catch (err) {
    if (!(err instanceof SoloPayloadError)) throw err;
    return err.message.startsWith("does not decrypt") ? { kind: "unauthorized", reason: `the payload ${err.message}` } : { kind: "invalid", reason: `the payload: ${err.message}` };
  }
  let body: unknown;
  try {
    body = JSON.parse(plaintext);
  } catch {
    // Without a MAC, a tampered ciphertext can still unpad; what it decrypts to is then not JSON.
    return { kind: "unauthorized", reason: "the payload decrypts to something that is not JSON (wrong key, or tampered)" };
  }
  const event = v.safeParse(payload, body);
  if (!event.success) return { kind: "invalid", reason: "not a documented event ({event, data} with the event's payload schema)" };
  const eventId = createHash("sha256").update(envelope.ciphertext.trim()).digest("hex").slice(0, 32);
  const inbound: InboundEvent = {
    eventId,
    detailType: soloEventType(event.output.event),
    detail: { connectionId, event: event.output.event, data: event.output.data, receivedAt: now.toISOString() },
  };
  // A cancellation is also `switchboard.appointment.cancelled` (appointment-changes.ts says why only it).
  return { kind: "accepted", events: [inbound, ...appointmentChangesOf(connectionId, event.output)] };
}

export const soloWebhook: WebhookReceiver<SoloConfig, SoloSecrets> = {
  vendor: solo,
  path: "/webhooks/solo/{connectionId}",
  accept: ({ raw, connection, secrets, now }) => acceptSoloDelivery(raw.toString("utf8"), secrets.webhookEncryptionKey, connection.connectionId, now),
};
