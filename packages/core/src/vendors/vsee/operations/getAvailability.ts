import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { vsee } from "../vendor";

/** GET /availability: the providers' free slots. The docs show the answer only; query parameters pass through. */
export const getAvailability = defineOperation({
  vendor: vsee,
  name: "getAvailability",
  summary: "Get providers' available slots",
  kind: "read",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "GET", path: "/availability" },
  request: { method: "GET", path: "/availability", contentType: "application/json" },
  input: v.strictObject({}),
  vendorFields: "passthrough",
  example: {},
});
