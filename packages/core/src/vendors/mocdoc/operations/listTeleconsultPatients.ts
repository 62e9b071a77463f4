import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mobileNumber } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/telecon/patientlist/{Mobile}/{EntityKey} (form; entitykey from the connection). The mobile
 * number is a query parameter on our side: patient data never goes in our route paths.
 */
export const listTeleconsultPatients = defineOperation({
  vendor: mocdoc,
  name: "listTeleconsultPatients",
  summary: "List the teleconsult patients with a mobile number",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/teleconsult/patients" },
  request: { method: "POST", path: "/api/telecon/patientlist/{input.mobile}/{config.entityKey}", contentType: "application/x-www-form-urlencoded", alsoInBody: ["mobile"], bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({ mobile: mobileNumber }),
  example: { mobile: "9000000001" },
});
