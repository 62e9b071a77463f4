import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { solo } from "../vendor";

/** GET /qapi/v1/waiting-rooms: List the practice's waiting rooms. */
export const listWaitingRooms = defineOperation({
  vendor: solo,
  name: "listWaitingRooms",
  summary: "List the practice's waiting rooms",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/waiting-rooms" },
  request: { method: "GET", path: "/waiting-rooms", contentType: "application/json" },
  input: v.strictObject({}),
  example: {},
});
