import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { id } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/episodes/{episodeId}: Get an episode of care. */
export const getEpisode = defineOperation({
  vendor: solo,
  name: "getEpisode",
  summary: "Get an episode of care",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/episodes/{episodeId}" },
  request: { method: "GET", path: "/episodes/{input.episodeId}", contentType: "application/json" },
  input: v.strictObject({ episodeId: id }),
  example: { episodeId: "bd43a830-6c0b-4120-b5b8-78a117f8ee02" },
});
