import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { vsee } from "../vendor";

/** GET /visits/current: the acting user's visit in progress (a user's own; never the account's). */
export const getCurrentVisit = defineOperation({
  vendor: vsee,
  name: "getCurrentVisit",
  summary: "Get the user's visit in progress",
  kind: "read",
  pacingClass: "default",
  actsAs: "user",
  route: { method: "GET", path: "/visits/current" },
  request: { method: "GET", path: "/visits/current", contentType: "application/json" },
  input: v.strictObject({}),
  vendorFields: "passthrough",
  example: {},
});
