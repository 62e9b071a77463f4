import crypto from "node:crypto";

/**
 * HealthDock's own webhook check, as ../shared/vendor-docs/healthdock-api.txt prints it, and the
 * signature it expects, written from that snippet: the independent vector our receiver is
 * tested against.
 */
export function verifyWebhook(payload: string, signature: string, secret: string) {
  const expectedSignature = crypto
    .createHmac('sha256', secret)
    .update(payload)
    .digest('hex');

  return signature === `sha256=${expectedSignature}`;
}

export function docsSignature(payload: string, secret: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(payload).digest("hex")}`;
}
