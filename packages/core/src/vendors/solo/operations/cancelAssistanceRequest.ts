import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { assistanceEntries, assistanceTargetRule } from "../fields";
import { solo } from "../vendor";

/** DELETE /qapi/v1/request-assistance: Cancel the current assistance request of a location, patient or device. The target goes in a JSON body, as the docs show (our route takes it in the query string). */
export const cancelAssistanceRequest = defineOperation({
  vendor: solo,
  name: "cancelAssistanceRequest",
  summary: "Cancel the current assistance request of a location, patient or device",
  kind: "write",
  pacingClass: "default",
  route: { method: "DELETE", path: "/assistance-requests/current" },
  request: { method: "DELETE", path: "/request-assistance", contentType: "application/json", query: [], bodyOnEveryMethod: true },
  input: v.pipe(v.strictObject(assistanceEntries), assistanceTargetRule),
  example: { deviceSerialNumber: "123457" },
});
