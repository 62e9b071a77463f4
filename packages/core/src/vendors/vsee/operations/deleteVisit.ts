import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { pathId } from "../fields";
import { vsee } from "../vendor";

/**
 * POST /visits/delete, multipart (`--form id=…`): force-cancel a visit. "You can use admin token
 * to cancel any existing visits": a back-office caller naming no user signs with the account's
 * token; an app user's own token can cancel only what VSee lets that user cancel.
 */
export const deleteVisit = defineOperation({
  vendor: vsee,
  name: "deleteVisit",
  summary: "Force-cancel a visit",
  kind: "write",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "DELETE", path: "/visits/{id}" },
  request: { method: "POST", path: "/visits/delete", contentType: "multipart/form-data" },
  input: v.strictObject({ id: pathId }),
  vendorFields: "passthrough",
  example: { id: "5010007042332" },
});
