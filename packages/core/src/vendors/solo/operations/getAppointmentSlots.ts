import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { duration, text, timestamp } from "../fields";
import { solo } from "../vendor";

/** GET /qapi/v1/appointment-slots: Find free appointment slots of a waiting room in a date range. after, before and waitingRoom are required; duration in [1, 86400]. */
export const getAppointmentSlots = defineOperation({
  vendor: solo,
  name: "getAppointmentSlots",
  summary: "Find free appointment slots of a waiting room in a date range",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/appointment-slots" },
  request: { method: "GET", path: "/appointment-slots", contentType: "application/json" },
  input: v.strictObject({ after: timestamp, before: timestamp, waitingRoom: text, duration: v.optional(duration) }),
  example: { after: 1505053200, before: 1505057400, waitingRoom: "GreatRoom" },
});
