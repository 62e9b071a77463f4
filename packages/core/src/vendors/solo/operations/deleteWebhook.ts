import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** DELETE /qapi/v1/webhooks/{webhookId}: Deactivate a webhook. */
export const deleteWebhook = defineOperation({
  vendor: solo,
  name: "deleteWebhook",
  summary: "Deactivate a webhook",
  kind: "write",
  pacingClass: "default",
  route: { method: "DELETE", path: "/webhooks/{webhookId}" },
  request: { method: "DELETE", path: "/webhooks/{input.webhookId}", contentType: "application/json" },
  input: v.strictObject({ webhookId: id }),
  example: { webhookId: "b20be9ce-eb93-48be-ad56-271ec4b2973c" },
});
