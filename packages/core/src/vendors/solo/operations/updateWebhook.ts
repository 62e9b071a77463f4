import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id, webhookEntries } from "../fields";
import { solo } from "../vendor";

/** PUT /qapi/v1/webhooks/{webhookId}: Update a webhook's endpoint and events. */
export const updateWebhook = defineOperation({
  vendor: solo,
  name: "updateWebhook",
  summary: "Update a webhook's endpoint and events",
  kind: "write",
  pacingClass: "default",
  route: { method: "PUT", path: "/webhooks/{webhookId}" },
  request: { method: "PUT", path: "/webhooks/{input.webhookId}", contentType: "application/json" },
  input: v.strictObject({ webhookId: id, ...webhookEntries }),
  example: { webhookId: "b20be9ce-eb93-48be-ad56-271ec4b2973c", endpoint: "https://switchboard.example.com/webhooks/solo/clinic-1", events: ["appointment:scheduled"] },
});
