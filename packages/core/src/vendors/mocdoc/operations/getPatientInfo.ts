import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { key, mobileNumber } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/patientinfo/{EntityKey} (form): a registered patient's demographics, by `phid` and `mobile`. */
export const getPatientInfo = defineOperation({
  vendor: mocdoc,
  name: "getPatientInfo",
  summary: "Get a registered patient's demographic details",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/patient-info" },
  request: { method: "POST", path: "/api/patientinfo/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ phid: key, mobile: mobileNumber }),
  example: { phid: "SB0001", mobile: "9000000001" },
});
