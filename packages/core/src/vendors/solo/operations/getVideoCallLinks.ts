import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/appointments/{externalId}/video-call-links: Get an appointment's video call links for provider and patient, by its external id. Solo's path takes the external appointment id where the others take the appointment id; ours says so. */
export const getVideoCallLinks = defineOperation({
  vendor: solo,
  name: "getVideoCallLinks",
  summary: "Get an appointment's video call links for provider and patient, by its external id",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/external-appointments/{externalId}/video-call-links" },
  request: { method: "GET", path: "/appointments/{input.externalId}/video-call-links", contentType: "application/json" },
  input: v.strictObject({ externalId: id }),
  example: { externalId: "2e96ed0e-0f80-4dc3-b2c1-42e65b789e56" },
});
