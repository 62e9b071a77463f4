import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/episodes/{episodeId}/appointments: List an episode's appointments. The docs' path ends in a stray quote (`/appointments"`), a typo. */
export const listEpisodeAppointments = defineOperation({
  vendor: solo,
  name: "listEpisodeAppointments",
  summary: "List an episode's appointments",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/episodes/{episodeId}/appointments" },
  request: { method: "GET", path: "/episodes/{input.episodeId}/appointments", contentType: "application/json" },
  input: v.strictObject({ episodeId: id }),
  example: { episodeId: "bd43a830-6c0b-4120-b5b8-78a117f8ee02" },
});
