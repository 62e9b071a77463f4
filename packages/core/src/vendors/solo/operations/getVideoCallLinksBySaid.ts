import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { numericId } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/appointments/id/type/SAID/value/{said}/video-call-links: Get an appointment's video call links for provider and patient, by Solo appointment id (SAID). */
export const getVideoCallLinksBySaid = defineOperation({
  vendor: solo,
  name: "getVideoCallLinksBySaid",
  summary: "Get an appointment's video call links for provider and patient, by Solo appointment id (SAID)",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/said-appointments/{said}/video-call-links" },
  request: { method: "GET", path: "/appointments/id/type/SAID/value/{input.said}/video-call-links", contentType: "application/json" },
  input: v.strictObject({ said: numericId }),
  example: { said: 1 },
});
