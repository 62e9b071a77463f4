import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { withoutEncryptionKey } from "../webhooks/encryption-key";
import { solo } from "../vendor";

/** GET /qapi/v1/webhooks: List the registered webhooks. */
export const listWebhooks = defineOperation({
  vendor: solo,
  name: "listWebhooks",
  summary: "List the registered webhooks",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/webhooks" },
  request: { method: "GET", path: "/webhooks", contentType: "application/json" },
  input: v.strictObject({}),
  example: {},
  afterSuccess: withoutEncryptionKey,
});
