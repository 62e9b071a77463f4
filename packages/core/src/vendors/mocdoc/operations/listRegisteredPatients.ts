import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { yyyymmdd } from "../../../schemas";
import { entitylocation } from "../fields";
import { mocdoc } from "../vendor";

/** POST /api/get/ptlist/{EntityKey} (form): the patients registered on `registrationdate`. */
export const listRegisteredPatients = defineOperation({
  vendor: mocdoc,
  name: "listRegisteredPatients",
  summary: "List the patients registered on a day",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/registered-patients" },
  request: { method: "POST", path: "/api/get/ptlist/{config.entityKey}", contentType: "application/x-www-form-urlencoded" },
  input: v.strictObject({ registrationdate: yyyymmdd, entitylocation: v.optional(entitylocation) }),
  example: { registrationdate: "20260105", entitylocation: "location1" },
});
