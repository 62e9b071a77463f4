/**
 * The rules the docs state, as Solo applies them, answered in Solo's envelopes: `{"message": …}`
 * and, for attachments and Perfect answer, `{"error": {"message": …}}`.
 */
import type { SimReply } from "../server";

export const fail = (status: number, message: string): SimReply => ({ status, body: { message } });
export const failNested = (status: number, message: string): SimReply => ({ status, body: { error: { message } } });

export const ATTACHMENT_TYPES = ["application/pdf", "application/x-pdf", "image/pdf", "image/png", "image/jpeg"];
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const EPISODE_STATUSES = ["PLANNING", "WAITLIST", "ACTIVE", "ONHOLD", "FINISHED", "CANCELED"];
export const WEBHOOK_EVENTS = [
  "patient:created",
  "patient:updated",
  "patient:deactivated",
  "appointment:scheduled",
  "appointment:rescheduled",
  "appointment:cancelled",
  "appointment:completed",
  "appointment:incompleted",
  "appointment:no-show",
  "appointment:lwbs",
  "episode:created",
  "episode:updated",
];

const isInt = (value: unknown) => typeof value === "number" && Number.isInteger(value);
const isDate = (value: unknown) => typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** deceasedAt with deceased true only. */
export function patientProblem(body: Record<string, unknown>): string | undefined {
  if (body.deceased === true && body.deceasedAt === undefined) return "Field deceasedAt is required if deceased is true";
  if (body.deceased !== true && body.deceasedAt !== undefined) return "Field deceasedAt is not allowed unless deceased is true";
  return undefined;
}

export function appointmentProblem(body: Record<string, unknown>, create: boolean): string | undefined {
  if (create && (typeof body.waitingRoom !== "string" || body.waitingRoom === "")) return "Field waitingRoom is required";
  if (body.duration !== undefined && (!isInt(body.duration) || (body.duration as number) < 1 || (body.duration as number) > 86_400)) return "Field duration should be in range [1, 86400]";
  if (body.date !== undefined && !isInt(body.date)) return "Field date must be a timestamp";
  if (!create && body.status !== undefined && body.status !== "cancelled") return "Field status: only cancelled is allowed";
  return undefined;
}

export function episodeProblem(body: Record<string, unknown>): string | undefined {
  for (const field of ["name", "type", "from", "status"]) if (body[field] === undefined) return `Field ${field} is required`;
  if (!isDate(body.from) || (body.to !== undefined && !isDate(body.to))) return "Fields from and to must be dates as YYYY-MM-DD";
  if (!EPISODE_STATUSES.includes(String(body.status))) return `Field status must be one of ${EPISODE_STATUSES.join(", ")}`;
  return undefined;
}

export function documentProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.name !== "string" || !isInt(body.dateTime) || !Array.isArray(body.responses)) return "All fields are required";
  const answered = (body.responses as unknown[]).every((r) => typeof (r as { question?: unknown }).question === "string" && typeof (r as { response?: unknown }).response === "string");
  return answered ? undefined : "All fields are required";
}

const PERFECT_ANSWER_REQUIRED = ["firstName", "lastName", "dob", "locationId", "mrn", "requestingProvider", "consultType", "reason"];

export function perfectAnswerProblem(body: Record<string, unknown>): string | undefined {
  const missing = PERFECT_ANSWER_REQUIRED.filter((f) => typeof body[f] !== "string" || body[f] === "");
  if (missing.length) return `Bad parameters [${missing.map((f) => `${f}: This value should not be blank.`).join(" ")}]`;
  if (!["new", "update"].includes(String(body.consultType))) return "Bad parameters [consultType: The value you selected is not a valid choice.]";
  if (!["Stroke", "EEG Stat", "EEG Routine"].includes(String(body.reason))) return "Bad parameters [reason: The value you selected is not a valid choice.]";
  return undefined;
}

export function webhookProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.endpoint !== "string" || !/^https?:\/\//.test(body.endpoint)) return "Field endpoint must be a URL";
  if (!Array.isArray(body.events) || body.events.length === 0 || !body.events.every((e) => WEBHOOK_EVENTS.includes(String(e)))) return "Field events must list known events";
  return undefined;
}

export const MISSING_TARGET =
  "Service Request Error: Missing Required Parameters. Please include either Device ID, Patient ID, or a combination of Building, Floor, Room, and Bed (opt.), or Department, Room, and Bed (opt.) to proceed";

/** One of the four documented targets, or undefined. */
export function assistanceTarget(body: Record<string, unknown>): Record<string, string> | undefined {
  const given = Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string" && v !== "")) as Record<string, string>;
  const keys = Object.keys(given).sort().join(",");
  const shapes = ["building,floor,room", "bed,building,floor,room", "department,room", "bed,department,room", "patientMrn", "deviceSerialNumber"];
  return shapes.includes(keys) ? given : undefined;
}

/** The file's type by its first bytes. */
export function sniff(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 4).toString("latin1") === "%PDF") return "pdf";
  if (bytes[0] === 0x89 && bytes.subarray(1, 4).toString("latin1") === "PNG") return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return undefined;
}
