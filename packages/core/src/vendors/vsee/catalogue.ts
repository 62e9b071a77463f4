import type { AnyOperation } from "../../catalogue";
import { closeVisit } from "./operations/closeVisit";
import { createAppointment } from "./operations/createAppointment";
import { createEconsultVisit } from "./operations/createEconsultVisit";
import { createIntake } from "./operations/createIntake";
import { createWalkinVisit } from "./operations/createWalkinVisit";
import { deleteVisit } from "./operations/deleteVisit";
import { getAvailability } from "./operations/getAvailability";
import { getCurrentVisit } from "./operations/getCurrentVisit";
import { getIntake } from "./operations/getIntake";
import { getVisit } from "./operations/getVisit";
import { getVisitSummaryPdf } from "./operations/getVisitSummaryPdf";
import { listVisits } from "./operations/listVisits";
import { ssoLogin } from "./operations/ssoLogin";
import { updateAppointment } from "./operations/updateAppointment";
import { updateIntake } from "./operations/updateIntake";

/**
 * The VSee Clinic catalogue (../shared/vendor-docs/vsee-clinic-api.txt; SSO from
 * vendor-api-notes.md), one module per operation. Bodies as each endpoint's curl sends them:
 * multipart where it uses `-F`/`--form`, JSON for the e-consult, form-urlencoded for
 * `POST /intakes` (`-d`). The docs show examples rather than field tables, so every operation but
 * SSO (whose fields are listed) names the example's fields and passes the account's further
 * fields through. Which operations act as the user is each entry's `actsAs`.
 */
export const vseeCatalogue: AnyOperation[] = [
  createIntake,
  updateIntake,
  getIntake,
  createWalkinVisit,
  createEconsultVisit,
  getAvailability,
  createAppointment,
  closeVisit,
  deleteVisit,
  listVisits,
  getVisit,
  updateAppointment,
  getCurrentVisit,
  getVisitSummaryPdf,
  ssoLogin,
];
