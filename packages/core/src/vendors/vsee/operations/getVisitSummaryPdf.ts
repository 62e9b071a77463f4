import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { pathId } from "../fields";
import { vsee } from "../vendor";

/** GET /visits/:id/exports/visit_summary: answers `{"data": {"url": …}}`, where VSee serves the PDF. */
export const getVisitSummaryPdf = defineOperation({
  vendor: vsee,
  name: "getVisitSummaryPdf",
  summary: "Get the URL of a visit's PDF summary",
  kind: "read",
  pacingClass: "default",
  actsAs: "userOrAccount",
  route: { method: "GET", path: "/visits/{id}/exports/visit_summary" },
  request: { method: "GET", path: "/visits/{input.id}/exports/visit_summary", contentType: "application/json" },
  input: v.strictObject({ id: pathId }),
  vendorFields: "passthrough",
  example: { id: "18407167" },
});
