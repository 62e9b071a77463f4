import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { imageUploadObject } from "../../../schemas";
import { SAMPLE_PNG, key, note } from "../fields";
import { mocdoc } from "../vendor";

/**
 * POST /api/addimg/{EntityKey} (JSON; entitykey from the connection): attaches a JPEG, PNG or PDF to a patient.
 * Our route is /patient-images, not /patients/{Patientkey}/images: API Gateway allows one variable name per
 * path level and /patients/{phid} is taken. Same content rules as addVisitImage.
 */
export const addPatientImage = defineOperation({
  vendor: mocdoc,
  name: "addPatientImage",
  summary: "Attach an image or PDF to a patient",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/patient-images" },
  request: { method: "POST", path: "/api/addimg/{config.entityKey}", contentType: "application/json", bodyFromConfig: { entitykey: "entityKey" } },
  input: imageUploadObject({ Patientkey: key, imagenote: note(500) }),
  example: { Patientkey: "demo-clinicSB0001", imagename: "id-card.png", imagecontent: SAMPLE_PNG, imagenote: "ID card" },
});
