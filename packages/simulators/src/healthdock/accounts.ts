/**
 * One HealthDock account as the simulator keeps it: its API key, rate limit, OAuth client,
 * webhook target and secret, patients and appointments.
 */
export interface HealthdockSimAccount {
  /** The simulator's own name for the account (controls and tests address it by this). */
  id: string;
  /** Bearer API key; an OAuth-only account may have none. */
  apiKey?: string;
  webhookSecret: string;
  /** Where the account's webhooks go, and where their signature is (the two readings of the docs). */
  webhookUrl?: string;
  webhookSignature?: "body" | "header";
  webhookSignatureHeader?: string;
  /** X-RateLimit-Limit per window (default 1000 per hour); windows are aligned to the epoch. */
  rateLimit?: number;
  /** A whole number of seconds, in ms (Reset is epoch seconds). */
  windowMs?: number;
  oauth?: { clientId: string; clientSecret: string; redirectUri: string; accessTokenTtlSeconds?: number; consent?: "approve" | "deny" };
  /** Patients the account starts with (default 25). */
  seedPatients?: number;
}

export interface SimPatient {
  patient_id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  gender: string;
  phone: string;
  abha_number?: string;
  created_at: string;
}

export interface SimAppointment {
  appointment_id: string;
  patient_id: string;
  doctor_id: string;
  date_time: string;
  duration: number;
  type: string;
  status: string;
}

export interface HealthdockAccountState {
  account: HealthdockSimAccount;
  patients: SimPatient[];
  appointments: SimAppointment[];
  window: { start: number; used: number };
  rateLimited: number;
  deliveries: { event: string; status: number | undefined }[];
}

const FIRST = ["Aarav", "Diya", "Kabir", "Meera", "Rohan", "Saanvi", "Vihaan", "Anaya"];
const LAST = ["Sharma", "Iyer", "Khan", "Reddy", "Das", "Menon"];
const STATUSES = ["scheduled", "confirmed", "completed", "cancelled"];
const pad = (n: number) => String(n).padStart(6, "0");

export function newAccountState(account: HealthdockSimAccount): HealthdockAccountState {
  const patients = Array.from({ length: account.seedPatients ?? 25 }, (_, i): SimPatient => ({
    patient_id: `PAT${pad(i + 1)}`,
    first_name: FIRST[i % FIRST.length]!,
    last_name: LAST[i % LAST.length]!,
    date_of_birth: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
    gender: i % 3 === 0 ? "F" : i % 3 === 1 ? "M" : "Other",
    phone: `+91900000${String(i).padStart(4, "0")}`,
    created_at: "2024-01-01T00:00:00Z",
  }));
  const appointments = patients.slice(0, 12).map((p, i): SimAppointment => ({
    appointment_id: `APT${pad(i + 1)}`,
    patient_id: p.patient_id,
    doctor_id: i % 2 ? "DOC42" : "DOC7",
    date_time: `2024-01-${String(10 + (i % 5)).padStart(2, "0")}T0${(i % 8) + 1}:30:00Z`,
    duration: 30,
    type: "consultation",
    status: STATUSES[i % STATUSES.length]!,
  }));
  return { account, patients, appointments, window: { start: 0, used: 0 }, rateLimited: 0, deliveries: [] };
}
