import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { assistanceEntries, assistanceTargetRule } from "../fields";
import { solo } from "../vendor";

/** POST /qapi/v1/request-assistance: Request virtual nursing or sitting assistance at a location, patient or device. Exactly one of the four documented targets. */
export const createAssistanceRequest = defineOperation({
  vendor: solo,
  name: "createAssistanceRequest",
  summary: "Request virtual nursing or sitting assistance at a location, patient or device",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/assistance-requests" },
  request: { method: "POST", path: "/request-assistance", contentType: "application/json" },
  input: v.pipe(v.strictObject(assistanceEntries), assistanceTargetRule),
  example: { building: "hospital", floor: "floor 2", room: "431", bed: "bed 2" },
});
