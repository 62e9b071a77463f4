import { createHash, timingSafeEqual } from "node:crypto";
import * as v from "valibot";
import type { WebhookReceiver } from "../../../inbox/webhook";
import { docplanner, type DocplannerConfig, type DocplannerSecrets } from "../vendor";
import { isNotification, notificationEvents } from "./events";
import { APPROVAL_HOOKS, notificationPayloads } from "./payloads";

/**
 * Docplanner pushing notifications to `POST /webhooks/docplanner/{connectionId}/{pushToken}`.
 * Docplanner signs nothing, so the per-connection random `pushToken` in the URL we registered is
 * what makes a push genuine; a wrong one is a 404, as for an endpoint that does not exist.
 * The approval hooks (`slot-booking`, `booking-moving`) are answered by the connection's
 * `bookingApproval`: 200 approves, 400 denies (the contract's codes).
 */
const digest = (s: string) => createHash("sha256").update(s).digest();

export const docplannerPush: WebhookReceiver<DocplannerConfig, DocplannerSecrets> = {
  vendor: docplanner,
  path: "/webhooks/docplanner/{connectionId}/{pushToken}",
  accept: ({ raw, params, connection, config, secrets }) => {
    if (!timingSafeEqual(digest(params.pushToken ?? ""), digest(secrets.pushToken))) return { kind: "unknown" };
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return { kind: "invalid", reason: "the body is not JSON" };
    }
    if (!isNotification(body)) return { kind: "invalid", reason: "not a notification ({name, data, created_at})" };
    const schema = notificationPayloads[body.name];
    if (!schema) return { kind: "invalid", reason: `unknown notification name` };
    const checked = v.safeParse(schema, body);
    if (!checked.success) {
      const path = checked.issues[0]?.path?.map((p) => String(p.key)).join(".") ?? "(root)";
      return { kind: "invalid", reason: `${body.name}: ${path} is not as the contract describes` };
    }
    const events = notificationEvents(connection.connectionId, body, "push");
    if (!APPROVAL_HOOKS.includes(body.name)) return { kind: "accepted", events };
    const approve = config.bookingApproval === "approve";
    return { kind: "accepted", events, answer: approve ? { status: 200, body: { approved: true } } : { status: 400, body: { approved: false } } };
  },
};
