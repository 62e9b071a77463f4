import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/appointments/{appointmentId}/provider-link: Get an appointment's link for the provider. */
export const getProviderLink = defineOperation({
  vendor: solo,
  name: "getProviderLink",
  summary: "Get an appointment's link for the provider",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/appointments/{appointmentId}/provider-link" },
  request: { method: "GET", path: "/appointments/{input.appointmentId}/provider-link", contentType: "application/json" },
  input: v.strictObject({ appointmentId: id }),
  example: { appointmentId: "1" },
});
