import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { imageUploadObject } from "../../../schemas";
import { SAMPLE_PNG, key, note } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/visit/adddoc/{EntityKey} (JSON; entitykey from the connection): attaches a JPEG, PNG or PDF to a visit.
 * `imagecontent` is strict base64 of at most 5 MiB whose type matches `imagename`'s extension (schemas.ts).
 * MocDoc refuses a name already used for the visit (body status 402).
 */
export const addVisitImage = defineOperation({
  vendor: mocdoc,
  name: "addVisitImage",
  summary: "Attach an image or PDF to a visit",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/visits/{Visitkey}/images" },
  request: { method: "POST", path: "/api/visit/adddoc/{config.entityKey}", contentType: "application/json", bodyFromConfig: { entitykey: "entityKey" } },
  input: imageUploadObject({ Visitkey: key, imagenote: note(500) }),
  example: { Visitkey: "demo-clinicSB0001_2026010510:15:00", imagename: "prescription.png", imagecontent: SAMPLE_PNG },
});
