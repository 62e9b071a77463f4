import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { isoDate } from "../../../schemas";
import { all, id, limit, page } from "../fields";
import { healthdock } from "../vendor";

/**
 * GET /v1/appointments (date, doctor_id, status). The docs show page and limit on the patients
 * list only; we page appointments the same way, for `all=true` (every list pages alike).
 */
export const listAppointments = defineOperation({
  vendor: healthdock,
  name: "listAppointments",
  summary: "List appointments, filtered by date, doctor or status",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/appointments" },
  request: { method: "GET", path: "/v1/appointments", contentType: "application/json", query: ["date", "doctor_id", "status", "page", "limit"] },
  input: v.strictObject({
    date: v.optional(isoDate),
    doctor_id: v.optional(id),
    status: v.optional(v.picklist(["scheduled", "confirmed", "completed", "cancelled"], "must be scheduled, confirmed, completed or cancelled")),
    page,
    limit,
    all,
  }),
  example: { date: "2024-01-12", status: "scheduled" },
  pagination: { style: "pages", items: "data.appointments", currentPage: "data.pagination.current_page", totalPages: "data.pagination.total_pages", pageField: "page", limitField: "limit", defaultLimit: 100 },
});
