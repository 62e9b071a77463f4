import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { all, limit, page } from "../fields";
import { healthdock } from "../vendor";

/** GET /v1/patients (page, limit ≤ 100, search). `all=true` follows `data.pagination` to its last page. */
export const listPatients = defineOperation({
  vendor: healthdock,
  name: "listPatients",
  summary: "List patients (search by name or id)",
  kind: "read",
  pacingClass: "default",
  route: { method: "GET", path: "/patients" },
  request: { method: "GET", path: "/v1/patients", contentType: "application/json", query: ["page", "limit", "search"] },
  input: v.strictObject({ page, limit, search: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))), all }),
  example: { page: 1, limit: 10 },
  pagination: { style: "pages", items: "data.patients", currentPage: "data.pagination.current_page", totalPages: "data.pagination.total_pages", pageField: "page", limitField: "limit", defaultLimit: 100 },
});
