import type { AfterSuccessContext } from "../../../catalogue";

/**
 * createWebhook answers the webhook's `encryptionKey` once: it goes into the connection's secrets
 * (`webhookEncryptionKey`, which the receiver decrypts with) and never to the caller, who learns
 * only that it was stored. getWebhook and listWebhooks answer it too where Solo includes it: it is
 * left out there as well, and not stored (an older webhook's key must not replace the current one).
 */
type WithKey = Record<string, unknown> & { encryptionKey?: unknown };

const isObject = (value: unknown): value is WithKey => typeof value === "object" && value !== null && !Array.isArray(value);

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (!isObject(value) || !("encryptionKey" in value)) return value;
  const { encryptionKey: _key, ...rest } = value;
  return rest;
}

export async function keepEncryptionKey(result: unknown, ctx: AfterSuccessContext): Promise<unknown> {
  if (!isObject(result) || typeof result.encryptionKey !== "string" || result.encryptionKey === "") return strip(result);
  await ctx.deps.credentials.update(ctx.connection.secretRef, { webhookEncryptionKey: result.encryptionKey });
  ctx.log.info("webhook encryption key stored", { connectionId: ctx.connection.connectionId });
  return { ...(strip(result) as Record<string, unknown>), encryptionKeyStored: true };
}

export const withoutEncryptionKey = async (result: unknown): Promise<unknown> => strip(result);
