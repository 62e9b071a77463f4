import { createCipheriv, createHash, randomBytes } from "node:crypto";
import type { SoloAccountState } from "./state";

/**
 * Solo's side of webhooks: each event a webhook subscribes to is encrypted with that webhook's
 * encryptionKey as the docs describe (AES-256-CBC, key = sha256(encryptionKey . salt), fresh
 * salt and IV) and POSTed to its endpoint, wrapped as the account's `webhookEnvelope` says.
 * Written here with node:crypto directly, not with our receiver's code, so the round trip tests
 * two implementations against each other (and OpenSSL vectors test both).
 */
export interface Delivery {
  webhookId: string;
  endpoint: string;
  event: string;
  body: string;
  contentType: string;
  /** HTTP status our endpoint answered; null when unreachable. */
  status: number | null;
}

export function encryptForWebhook(encryptionKey: string, plaintext: string): string {
  const salt = randomBytes(8);
  const iv = randomBytes(16);
  const key = createHash("sha256").update(encryptionKey).update(salt).digest();
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const encrypted = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${salt.toString("base64")}${iv.toString("base64")}${encrypted.toString("base64")}`;
}

export function envelope(kind: "raw" | "json-string" | "json-object" | undefined, ciphertext: string): { body: string; contentType: string } {
  switch (kind) {
    case "json-string":
      return { body: JSON.stringify(ciphertext), contentType: "application/json" };
    case "json-object":
      return { body: JSON.stringify({ payload: ciphertext }), contentType: "application/json" };
    default:
      return { body: ciphertext, contentType: "text/plain" };
  }
}

export class WebhookDispatcher {
  readonly deliveries: Delivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  /** Sends the event to every active webhook of the account that subscribes to it; returns at once. */
  emit(state: SoloAccountState, event: string, data: Record<string, unknown>): void {
    for (const hook of state.webhooks.values()) {
      if (!hook.active || !hook.events.includes(event)) continue;
      const { body, contentType } = envelope(state.account.webhookEnvelope, encryptForWebhook(hook.encryptionKey, JSON.stringify({ event, data })));
      const delivery: Delivery = { webhookId: hook.id, endpoint: hook.endpoint, event, body, contentType, status: null };
      this.deliveries.push(delivery);
      const sent = fetch(hook.endpoint, { method: "POST", headers: { "content-type": contentType }, body })
        .then(async (res) => {
          delivery.status = res.status;
          await res.arrayBuffer();
        })
        .catch(() => undefined)
        .finally(() => this.pending.delete(sent));
      this.pending.add(sent);
    }
  }

  /** Resolves once every delivery started so far has been answered (or failed). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
