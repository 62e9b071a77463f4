import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { numericId } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/patients/id/type/SPID/value/{spid}: Get a patient's demographics by Solo patient id (SPID). */
export const getPatientBySpid = defineOperation({
  vendor: solo,
  name: "getPatientBySpid",
  summary: "Get a patient's demographics by Solo patient id (SPID)",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/spid-patients/{spid}" },
  request: { method: "GET", path: "/patients/id/type/SPID/value/{input.spid}", contentType: "application/json" },
  input: v.strictObject({ spid: numericId }),
  example: { spid: 1 },
});
