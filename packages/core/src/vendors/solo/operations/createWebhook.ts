import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { keepEncryptionKey } from "../webhooks/encryption-key";
import { webhookEntries } from "../fields";
import { solo } from "../vendor";

/** POST /qapi/v1/webhooks: Register a webhook endpoint for events (its encryption key is stored, not answered). Register our receiver's URL (`switchboard webhooks url --connection ID`). */
export const createWebhook = defineOperation({
  vendor: solo,
  name: "createWebhook",
  summary: "Register a webhook endpoint for events (its encryption key is stored, not answered)",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/webhooks" },
  request: { method: "POST", path: "/webhooks", contentType: "application/json" },
  input: v.strictObject(webhookEntries),
  example: { endpoint: "https://switchboard.example.com/webhooks/solo/clinic-1", events: ["appointment:scheduled", "appointment:rescheduled"] },
  afterSuccess: keepEncryptionKey,
});
