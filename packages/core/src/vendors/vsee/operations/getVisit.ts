import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { pathId } from "../fields";
import { vsee } from "../vendor";

/** GET /visits/:id: a visit or appointment in detail. */
export const getVisit = defineOperation({
  vendor: vsee,
  name: "getVisit",
  summary: "Get a visit or appointment",
  kind: "read",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "GET", path: "/visits/{id}" },
  request: { method: "GET", path: "/visits/{input.id}", contentType: "application/json" },
  input: v.strictObject({ id: pathId }),
  vendorFields: "passthrough",
  example: { id: "18407167" },
});
