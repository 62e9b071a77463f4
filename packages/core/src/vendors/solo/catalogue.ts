import type { AnyOperation } from "../../catalogue";
import { getPatient } from "./operations/getPatient";
import { getPatientBySpid } from "./operations/getPatientBySpid";
import { updatePatient } from "./operations/updatePatient";
import { updatePatientBySpid } from "./operations/updatePatientBySpid";
import { createPatient } from "./operations/createPatient";
import { createAppointment } from "./operations/createAppointment";
import { createAppointmentByHsid } from "./operations/createAppointmentByHsid";
import { createAppointmentBySpid } from "./operations/createAppointmentBySpid";
import { getProviderLink } from "./operations/getProviderLink";
import { getMsTeamsProviderLink } from "./operations/getMsTeamsProviderLink";
import { getVideoCallLinks } from "./operations/getVideoCallLinks";
import { getVideoCallLinksBySaid } from "./operations/getVideoCallLinksBySaid";
import { updateAppointment } from "./operations/updateAppointment";
import { getAppointment } from "./operations/getAppointment";
import { listWaitingRooms } from "./operations/listWaitingRooms";
import { getVisitNote } from "./operations/getVisitNote";
import { updateVisitNote } from "./operations/updateVisitNote";
import { getAppointmentSlots } from "./operations/getAppointmentSlots";
import { uploadAppointmentAttachment } from "./operations/uploadAppointmentAttachment";
import { listAppointmentAttachments } from "./operations/listAppointmentAttachments";
import { deleteAppointmentAttachment } from "./operations/deleteAppointmentAttachment";
import { addPatientDocument } from "./operations/addPatientDocument";
import { createEpisode } from "./operations/createEpisode";
import { listPatientEpisodes } from "./operations/listPatientEpisodes";
import { getEpisode } from "./operations/getEpisode";
import { updateEpisode } from "./operations/updateEpisode";
import { listEpisodeAppointments } from "./operations/listEpisodeAppointments";
import { assignAppointmentEpisode } from "./operations/assignAppointmentEpisode";
import { getCsvReport } from "./operations/getCsvReport";
import { createEncounterReport } from "./operations/createEncounterReport";
import { getEncounterReportStatus } from "./operations/getEncounterReportStatus";
import { downloadEncounterReport } from "./operations/downloadEncounterReport";
import { perfectAnswer } from "./operations/perfectAnswer";
import { createWebhook } from "./operations/createWebhook";
import { updateWebhook } from "./operations/updateWebhook";
import { listWebhooks } from "./operations/listWebhooks";
import { deleteWebhook } from "./operations/deleteWebhook";
import { getWebhook } from "./operations/getWebhook";
import { createAssistanceRequest } from "./operations/createAssistanceRequest";
import { getAssistanceRequest } from "./operations/getAssistanceRequest";
import { cancelAssistanceRequest } from "./operations/cancelAssistanceRequest";
import { createContextLink } from "./operations/createContextLink";

/**
 * The Teladoc Health Solo catalogue (../shared/vendor-docs/teladoc-solo-api.txt): every endpoint
 * under /qapi/v1, in the docs' order, one module per operation under operations/, plus our own
 * createContextLink. Our routes name Solo's alternative ids in their first segment
 * (`/spid-patients/{spid}`, `/hsid-patients/…`, `/said-appointments/…`, `/external-appointments/…`)
 * where Solo nests them under `/patients/id/type/SPID/value/…`, so no route of ours can be read as
 * another's. Append new operations at the end (stacks/vendor-plan.ts).
 */
export const soloCatalogue: AnyOperation[] = [
  getPatient,
  getPatientBySpid,
  updatePatient,
  updatePatientBySpid,
  createPatient,
  createAppointment,
  createAppointmentByHsid,
  createAppointmentBySpid,
  getProviderLink,
  getMsTeamsProviderLink,
  getVideoCallLinks,
  getVideoCallLinksBySaid,
  updateAppointment,
  getAppointment,
  listWaitingRooms,
  getVisitNote,
  updateVisitNote,
  getAppointmentSlots,
  uploadAppointmentAttachment,
  listAppointmentAttachments,
  deleteAppointmentAttachment,
  addPatientDocument,
  createEpisode,
  listPatientEpisodes,
  getEpisode,
  updateEpisode,
  listEpisodeAppointments,
  assignAppointmentEpisode,
  getCsvReport,
  createEncounterReport,
  getEncounterReportStatus,
  downloadEncounterReport,
  perfectAnswer,
  createWebhook,
  updateWebhook,
  listWebhooks,
  deleteWebhook,
  getWebhook,
  createAssistanceRequest,
  getAssistanceRequest,
  cancelAssistanceRequest,
  createContextLink,
];
