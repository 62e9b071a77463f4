import { createHmac } from "node:crypto";
import type { HealthdockAccountState } from "./accounts";

/**
 * HealthDock's webhook deliveries: `{event, timestamp, data}` POSTed as JSON to the account's URL,
 * signed `sha256=` + hex HMAC-SHA256 with the webhook secret, as the docs' snippet verifies. Where
 * the signature goes is the account's reading of the docs: a `signature` field added to the
 * object after signing its JSON (`body`, as the docs' example shows it), or a header over the
 * body as sent (`header`).
 */
export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** HealthDock documents no timeout for its deliveries; one unanswered this long has failed. */
const DELIVERY_TIMEOUT_MS = 5000;

const sign = (secret: string, payload: string) => `sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`;

export function signedDelivery(state: HealthdockAccountState, event: string, data: Record<string, unknown>, timestamp: string): Delivery {
  const { webhookSecret, webhookSignature = "body", webhookSignatureHeader = "X-HealthDock-Signature" } = state.account;
  const payload = JSON.stringify({ event, timestamp, data });
  if (webhookSignature === "header") return { body: payload, headers: { [webhookSignatureHeader]: sign(webhookSecret, payload) } };
  return { body: JSON.stringify({ event, timestamp, data, signature: sign(webhookSecret, payload) }), headers: {} };
}

/** Delivers once (HealthDock documents no retries); resolves with the receiver's status, if it answered. */
export async function deliver(state: HealthdockAccountState, event: string, data: Record<string, unknown>, now: number, stopping: AbortSignal): Promise<number | undefined> {
  const url = state.account.webhookUrl;
  if (!url) return undefined;
  const { body, headers } = signedDelivery(state, event, data, new Date(Math.floor(now / 1000) * 1000).toISOString().replace(".000Z", "Z"));
  // One controller with its own timer (not AbortSignal.any, which Node 20 may collect before it fires).
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, DELIVERY_TIMEOUT_MS);
  stopping.addEventListener("abort", abort, { once: true });
  let status: number | undefined;
  try {
    const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body, redirect: "manual", signal: controller.signal });
    await res.body?.cancel();
    status = res.status;
  } catch {
    status = undefined;
  } finally {
    clearTimeout(timer);
    stopping.removeEventListener("abort", abort);
  }
  state.deliveries.push({ event, status });
  return status;
}
