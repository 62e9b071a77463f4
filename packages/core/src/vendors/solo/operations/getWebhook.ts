import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { withoutEncryptionKey } from "../webhooks/encryption-key";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/webhooks/{webhookId}: Get a webhook (without its encryption key). */
export const getWebhook = defineOperation({
  vendor: solo,
  name: "getWebhook",
  summary: "Get a webhook (without its encryption key)",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/webhooks/{webhookId}" },
  request: { method: "GET", path: "/webhooks/{input.webhookId}", contentType: "application/json" },
  input: v.strictObject({ webhookId: id }),
  example: { webhookId: "b20be9ce-eb93-48be-ad56-271ec4b2973c" },
  afterSuccess: withoutEncryptionKey,
});
