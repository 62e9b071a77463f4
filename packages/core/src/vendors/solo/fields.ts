import * as v from "valibot";
import { dateTimeWithOffset, isoDate, queryInteger } from "../../schemas";

/** Valibot building blocks of the Solo catalogue, read off the docs' `// [type] (required)` comments. */

/** A path id: patient, appointment, episode, attachment, webhook or report id. */
export const id = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(200, "must be at most 200 characters"));

/** Solo's own numeric ids (SPID, SAID): `int` in the docs, digits in our paths. */
export const numericId = v.pipe(queryInteger, v.minValue(1, "must be a positive whole number"));

export const text = v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"));
const optionalString = v.optional(v.string());

const TIMESTAMP = "must be Unix seconds or an ISO 8601 date-time with an offset";

function secondsOf(value: number | string): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (/^\d+$/.test(value)) return Number(value);
  return v.is(dateTimeWithOffset, value) ? Math.floor(Date.parse(value) / 1000) : undefined;
}

/** Timestamps are Unix seconds on the wire; we take them as seconds (a number, or digits in a query) or ISO 8601. */
export const timestamp = v.pipe(
  v.union([v.number(), v.string()], TIMESTAMP),
  v.check((t) => secondsOf(t) !== undefined, TIMESTAMP),
  v.transform((t) => secondsOf(t) as number),
);

/** "should be in range [1, 86400]" (appointments and slot searches). */
export const duration = v.pipe(queryInteger, v.minValue(1, "must be between 1 and 86400 seconds"), v.maxValue(86_400, "must be between 1 and 86400 seconds"));

/**
 * Episode status: upper case in the docs' requests (`[PLANNING, WAITLIST, ...]`), lower case in
 * their responses (`"planning"`). We take either and send what the requests show.
 */
export const EPISODE_STATUSES = ["PLANNING", "WAITLIST", "ACTIVE", "ONHOLD", "FINISHED", "CANCELED"] as const;
export const episodeStatus = v.pipe(
  v.string(),
  v.check((s) => (EPISODE_STATUSES as readonly string[]).includes(s.toUpperCase()), `must be one of ${EPISODE_STATUSES.join(", ")} (either case)`),
  v.transform((s) => s.toUpperCase()),
);

/** Create and Update Episode: name, type, from and status are marked required, to/objective/reasonIncomplete optional. */
export const episodeEntries = {
  name: text,
  type: text,
  from: isoDate,
  to: v.optional(isoDate),
  status: episodeStatus,
  objective: optionalString,
  reasonIncomplete: optionalString,
};

/** The appointment fields of the three Create Appointment endpoints: only waitingRoom is required. */
export const appointmentEntries = {
  date: v.optional(timestamp),
  reasons: v.optional(v.array(v.string())),
  duration: v.optional(duration),
  waitingRoom: text,
  externalId: optionalString,
  episodeOfCareId: optionalString,
  accountNumber: optionalString,
};

const telecom = v.looseObject({ use: optionalString, system: optionalString, value: optionalString });

/**
 * A patient's demographics as the docs show them (an example, not a table: further fields pass
 * through). Get Patient shows `sharedEmailGroup {type, name}`, the update and create bodies
 * `groupType`/`groupName`: both are accepted and sent as given.
 */
export const patientEntries = {
  mrn: optionalString,
  accountNumber: optionalString,
  name: v.optional(
    v.array(v.looseObject({ use: optionalString, family: optionalString, firstName: optionalString, middleName: optionalString, lastName: optionalString, alias: optionalString })),
  ),
  birthDate: v.optional(isoDate),
  gender: optionalString,
  maritalStatus: optionalString,
  telecom: v.optional(v.array(telecom)),
  contact: v.optional(v.array(v.looseObject({ telecom: v.optional(v.array(telecom)), name: v.optional(v.array(v.unknown())) }))),
  preferredLanguage: optionalString,
  race: optionalString,
  ethnicity: optionalString,
  address: v.optional(
    v.array(
      v.looseObject({
        city: optionalString,
        use: optionalString,
        apartment: optionalString,
        country: optionalString,
        state: optionalString,
        postalcode: optionalString,
        line: v.optional(v.array(v.string())),
      }),
    ),
  ),
  active: v.optional(v.boolean()),
  deceased: v.optional(v.boolean()),
  deceasedAt: v.optional(text),
  familyMember: v.optional(v.boolean()),
  isLinkedByEmail: v.optional(v.boolean()),
  sharedEmailGroup: v.optional(v.nullable(v.looseObject({ type: optionalString, name: optionalString }))),
  groupType: optionalString,
  groupName: optionalString,
};

/**
 * "Field deceasedAt is required if deceased is true", and "when deceased is false or is not
 * defined, and deceasedAt is specified, an error should be received".
 */
export const deceasedRule = <T extends { deceased?: boolean; deceasedAt?: string }>() =>
  v.rawCheck<T>(({ dataset, addIssue }) => {
  if (!dataset.typed) return;
  const patient = dataset.value;
  const issue = (message: string) =>
    addIssue({ message, path: [{ type: "object", origin: "value", input: patient as Record<string, unknown>, key: "deceasedAt", value: patient.deceasedAt }] });
  if (patient.deceased === true && patient.deceasedAt === undefined) issue("is required when deceased is true");
  if (patient.deceased !== true && patient.deceasedAt !== undefined) issue("is refused unless deceased is true");
});

/**
 * A request-assistance target: exactly one of the four shapes the docs show (building, floor and
 * room, optionally bed; department and room, optionally bed; a patient MRN; a device serial).
 */
export const assistanceEntries = {
  building: v.optional(text),
  floor: v.optional(text),
  room: v.optional(text),
  bed: v.optional(text),
  department: v.optional(text),
  patientMrn: v.optional(text),
  deviceSerialNumber: v.optional(text),
};

const TARGETS: { required: string[]; optional: string[] }[] = [
  { required: ["building", "floor", "room"], optional: ["bed"] },
  { required: ["department", "room"], optional: ["bed"] },
  { required: ["patientMrn"], optional: [] },
  { required: ["deviceSerialNumber"], optional: [] },
];

export const assistanceTargetRule = v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
  if (!dataset.typed) return;
  const given = Object.keys(assistanceEntries).filter((k) => dataset.value[k] !== undefined);
  const fits = TARGETS.some((t) => t.required.every((k) => given.includes(k)) && given.every((k) => t.required.includes(k) || t.optional.includes(k)));
  if (!fits) {
    addIssue({ message: "must be exactly one target: building, floor and room (bed optional); department and room (bed optional); patientMrn; or deviceSerialNumber" });
  }
});

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
] as const;

export const webhookEntries = {
  endpoint: v.pipe(v.string(), v.url("must be a URL")),
  events: v.pipe(v.array(v.picklist(WEBHOOK_EVENTS, `must be one of ${WEBHOOK_EVENTS.join(", ")}`)), v.minLength(1, "must name at least one event")),
};

/** Attachments: "Max file size: 5Mb" (read as 5 MiB) and the five documented mime types, each checked by its magic number. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
