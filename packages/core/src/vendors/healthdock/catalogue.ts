import type { AnyOperation } from "../../catalogue";
import { createAppointment } from "./operations/createAppointment";
import { createPatient } from "./operations/createPatient";
import { listAppointments } from "./operations/listAppointments";
import { listPatients } from "./operations/listPatients";

/** The HealthDock catalogue (../shared/vendor-docs/healthdock-api.txt), one module per operation, JSON both ways. */
export const healthdockCatalogue: AnyOperation[] = [listPatients, createPatient, listAppointments, createAppointment];
