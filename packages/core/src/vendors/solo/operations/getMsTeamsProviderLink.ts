import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/appointments/{appointmentId}/msteams-provider-link: Get an appointment's Microsoft Teams video call link for the provider. Signed with the connection's teamsAuthToken as well (vendor.ts). */
export const getMsTeamsProviderLink = defineOperation({
  vendor: solo,
  name: "getMsTeamsProviderLink",
  summary: "Get an appointment's Microsoft Teams video call link for the provider",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/appointments/{appointmentId}/msteams-provider-link" },
  request: { method: "GET", path: "/appointments/{input.appointmentId}/msteams-provider-link", contentType: "application/json" },
  input: v.strictObject({ appointmentId: id }),
  example: { appointmentId: "1" },
});
