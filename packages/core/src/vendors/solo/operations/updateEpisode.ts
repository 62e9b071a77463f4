import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { episodeEntries, id } from "../fields";
import { solo } from "../vendor";

/** PUT /qapi/v1/episodes/{episodeId}: Update an episode of care. The update body marks the same fields required as the create body. */
export const updateEpisode = defineOperation({
  vendor: solo,
  name: "updateEpisode",
  summary: "Update an episode of care",
  kind: "write",
  pacingClass: "default",
  route: { method: "PUT", path: "/episodes/{episodeId}" },
  request: { method: "PUT", path: "/episodes/{input.episodeId}", contentType: "application/json" },
  input: v.strictObject({ episodeId: id, ...episodeEntries }),
  example: { episodeId: "bd43a830-6c0b-4120-b5b8-78a117f8ee02", name: "covid care", type: "covid", from: "2023-03-29", to: "2023-04-29", status: "ACTIVE" },
});
