import { randomUUID } from "node:crypto";

/** One Solo tenant as the simulator keeps it: what the API has created, by id. */
export interface SoloSimAccount {
  apiKey: string;
  /** Required as `Teams-Auth-Token` by the MS Teams link; none means that link answers 403. */
  teamsAuthToken?: string;
  /**
   * How webhook deliveries wrap the ciphertext, which the docs do not show: the whole body
   * (default), a JSON string, or the one field of a JSON object (`{"payload": …}`).
   */
  webhookEnvelope?: "raw" | "json-string" | "json-object";
  /** How long an encounter report stays pending (default 1500 ms); `failReports` makes it fail instead. */
  reportReadyAfterMs?: number;
  failReports?: boolean;
  /** Size of a generated encounter report zip (default 2048 bytes). */
  reportBytes?: number;
}

export interface SimPatient {
  id: string;
  spid: number;
  hsid?: string;
  demographics: Record<string, unknown>;
}

export interface SimAppointment {
  id: number;
  patientId: string;
  date: number;
  duration: number;
  reasons: string[];
  waitingRoom: string;
  status: string;
  externalId: string | null;
  episodeOfCareId: string | null;
  accountNumber?: string;
}

export interface SimAttachment {
  id: string;
  appointmentId: string;
  title: string;
  mimeType: string;
  size: number;
  uploadedAt: string;
  deleted: boolean;
  bytes: Buffer;
}

export interface SimEpisode {
  id: string;
  patientId: string;
  fields: Record<string, unknown>;
}

export interface SimWebhook {
  id: string;
  endpoint: string;
  events: string[];
  encryptionKey: string;
  active: boolean;
}

export interface SimReport {
  id: string;
  createdAt: number;
  request: Record<string, unknown>;
}

export interface SimAssistance {
  id: string;
  target: Record<string, string>;
  status: string;
  createdAt: string;
}

export const WAITING_ROOMS = [
  { id: "7669483a-6b12-497d-acb9-ddbf558d2b2a", name: "Default Waiting Room Name 1", serviceLine: "Demo", serviceType: "Demo", slotDuration: 900 },
  { id: "abf8130c-24a7-4df0-b978-ca18c538dc71", name: "Default Waiting Room Name 2", serviceLine: "Demo", serviceType: "Other", slotDuration: 1800 },
  { id: "c1d3a1f0-9e4b-4c57-9a55-0f3f2d7b1e11", name: "my waiting room", serviceLine: "Demo", serviceType: "Demo", slotDuration: 900 },
];

/** FMS devices the sandbox knows: a device serial or a location that maps to none is "not found". */
export const DEVICES = [
  { serialNumber: "123457", building: "hospital", floor: "floor 2", room: "431", department: "emergency department" },
  { serialNumber: "223344", building: "annex", floor: "floor 1", room: "12", department: "icu" },
];

export class SoloAccountState {
  readonly patients = new Map<string, SimPatient>();
  readonly appointments = new Map<number, SimAppointment>();
  readonly attachments = new Map<string, SimAttachment>();
  readonly documents: { patientId: string; document: Record<string, unknown> }[] = [];
  readonly episodes = new Map<string, SimEpisode>();
  readonly visitNotes = new Map<string, Record<string, unknown>>();
  readonly webhooks = new Map<string, SimWebhook>();
  readonly reports = new Map<string, SimReport>();
  readonly assistance = new Map<string, SimAssistance>();
  /** Perfect-answer visits by MRN, for the 24-hour rule. */
  readonly perfectAnswers = new Map<string, number>();
  private nextSpid = 1000;
  private nextAppointment = 3_110_360;

  constructor(readonly account: SoloSimAccount) {}

  newSpid(): number {
    return this.nextSpid++;
  }

  newAppointmentId(): number {
    return this.nextAppointment++;
  }

  patientBySpid(spid: number): SimPatient | undefined {
    return [...this.patients.values()].find((p) => p.spid === spid);
  }

  patientByHsid(hsid: string): SimPatient | undefined {
    return [...this.patients.values()].find((p) => p.hsid === hsid || p.id === hsid);
  }

  appointment(id: string): SimAppointment | undefined {
    return /^\d+$/.test(id) ? this.appointments.get(Number(id)) : undefined;
  }

  appointmentByExternalId(externalId: string): SimAppointment | undefined {
    return [...this.appointments.values()].find((a) => a.externalId === externalId);
  }

  uuid(): string {
    return randomUUID();
  }
}
