import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { pathId } from "../fields";
import { publishClosed } from "../closed-visits";
import { vsee } from "../vendor";

/** POST /visits/close, multipart (`-F id=…`): close or cancel a visit or an appointment. */
export const closeVisit = defineOperation({
  vendor: vsee,
  name: "closeVisit",
  summary: "Close or cancel a visit or an appointment",
  kind: "write",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "POST", path: "/visits/{id}/close" },
  request: { method: "POST", path: "/visits/close", contentType: "multipart/form-data" },
  input: v.strictObject({ id: pathId }),
  vendorFields: "passthrough",
  example: { id: "1525" },
  afterSuccess: publishClosed,
});
