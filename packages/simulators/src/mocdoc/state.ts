import type { MocDocSimAccount } from "./index";

/** What the MocDoc simulator remembers per account, in memory, for as long as it runs. */
export interface SimPatient {
  phid: string;
  entitylocation: string;
  registrationdate: string;
  registrationtime: string;
  fields: Record<string, unknown>;
}

export type TeleconsultSlotState = "booked" | "blocked";

export interface MocDocAccountState {
  account: MocDocSimAccount;
  /** Simulator time of the last accepted request, for the per-account rate limit. */
  lastAcceptedAt: number | undefined;
  /** Appointments booked through this account (bookappt): the fields as received, by apptkey. */
  appointments: Map<string, Record<string, unknown>>;
  /** Status updates by apptkey. */
  appointmentStatus: Map<string, Record<string, unknown>>;
  /** Patients registered through this account, by phid. */
  patients: Map<string, SimPatient>;
  /** Field updates of any known patient (registered, sandbox or generated), by phid. */
  patientUpdates: Map<string, Record<string, unknown>>;
  /** Teleconsult slots taken through this account, by "drkey|date|HH:MM". */
  teleconsult: Map<string, TeleconsultSlotState>;
  /** Teleconsult bookings: the fields as received, by apptkey. */
  teleconsultBookings: Map<string, Record<string, unknown>>;
  /** Image names per "visit:Visitkey" / "patient:Patientkey". */
  images: Map<string, Set<string>>;
  /** Bills created through this account (OP and pharmacy): the fields as received, by billkey. */
  bills: Map<string, Record<string, unknown>>;
}

export function newAccountState(account: MocDocSimAccount): MocDocAccountState {
  return {
    account: { ...account },
    lastAcceptedAt: undefined,
    appointments: new Map(),
    appointmentStatus: new Map(),
    patients: new Map(),
    patientUpdates: new Map(),
    teleconsult: new Map(),
    teleconsultBookings: new Map(),
    images: new Map(),
    bills: new Map(),
  };
}
