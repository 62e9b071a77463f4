import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { mocdoc } from "../vendor";

/** POST /api/telecon/get/drs/{EntityKey} (form: entitykey from the connection; the docs give no content type). */
export const listTeleconsultDoctors = defineOperation({
  vendor: mocdoc,
  name: "listTeleconsultDoctors",
  summary: "List the doctors who take teleconsultations",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/teleconsult/doctors" },
  request: { method: "POST", path: "/api/telecon/get/drs/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
  input: v.strictObject({}),
  example: {},
});
