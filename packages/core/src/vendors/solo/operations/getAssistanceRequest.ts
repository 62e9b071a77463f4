import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { assistanceEntries, assistanceTargetRule } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/request-assistance: Get the current assistance request of a location, patient or device. The docs show the target as a JSON body on this GET: it is sent so (our route takes it in the query string). */
export const getAssistanceRequest = defineOperation({
  vendor: solo,
  name: "getAssistanceRequest",
  summary: "Get the current assistance request of a location, patient or device",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/assistance-requests/current" },
  request: { method: "GET", path: "/request-assistance", contentType: "application/json", query: [], bodyOnEveryMethod: true },
  input: v.pipe(v.strictObject(assistanceEntries), assistanceTargetRule),
  example: { patientMrn: "1234" },
});
