import * as v from "valibot";
import type { Interpretation, RawResponse, VendorDefinition } from "../../catalogue";
import { classifyHttpStatus } from "../../http/status";
import { nonEmpty, positiveInt } from "../../schemas";
import { httpDate, mocdocAuthHeaders } from "../../signers/mocdoc";

const DEFAULT_TIMEZONE = "Asia/Kolkata";

const config = v.object({
  baseUrl: v.optional(v.pipe(v.string(), v.url()), "https://mocdoc.com"),
  entityKey: nonEmpty,
  /** See signers/mocdoc.ts for why both readings of the docs are supported. */
  hmac: v.optional(v.picklist(["sha1", "sha256"]), "sha1"),
  secretEncoding: v.optional(v.picklist(["utf8", "base64"]), "utf8"),
  /** MocDoc allows one request every 3 seconds per account; an account granted more can lower it. */
  minIntervalMs: v.optional(positiveInt, 3000),
  /** The account's timezone: the daily sync fetches a day once it has ended there. */
  timezone: v.optional(v.pipe(v.string(), v.check(isTimeZone, "must be an IANA timezone such as Asia/Kolkata")), DEFAULT_TIMEZONE),
  /** Locations to sync (comma-separated keys); by default every location the account lists. */
  syncLocations: v.optional(v.union([v.array(nonEmpty), v.pipe(v.string(), v.transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean)))])),
  /** Lab orders and test results are fetched in windows of this many minutes (must divide a day). */
  labWindowMinutes: v.optional(v.pipe(positiveInt, v.check((n) => 1440 % n === 0, "must divide 1440 (a day) evenly")), 360),
  /**
   * The `status` updateAppointmentStatus is given for the FHIR facade's cancelled and noshow: the
   * docs do not list MocDoc's status values, so an account whose values differ sets its own.
   */
  fhirCancelledStatus: v.optional(nonEmpty, "Cancelled"),
  fhirNoShowStatus: v.optional(nonEmpty, "No Show"),
  /** How long a calendar entry without an `end` lasts (the docs elide the calendar's fields). */
  slotMinutes: v.optional(positiveInt, 15),
  /** Whether MocDoc's `endtime` includes its minute; see sync/windows.ts for the two readings. */
  windowEnd: v.optional(v.picklist(["inclusive", "exclusive"]), "inclusive"),
});

/**
 * Intl's own check. The default needs none: valibot validates an optional's default too, and the
 * process's first Intl.DateTimeFormat loads ICU's zone data (~20 ms of every cold vendor call).
 */
function isTimeZone(zone: string): boolean {
  if (zone === DEFAULT_TIMEZONE) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const secrets = v.object({ accessKey: nonEmpty, secretKey: nonEmpty });

export type MocDocConfig = v.InferOutput<typeof config>;

/**
 * MocDoc answers HTTP 200 with `"status": "402"` (and friends) in the body, so the body status
 * decides; a non-2xx HTTP status (auth failures, rate limits, gateway errors) decides first.
 */
function interpret(response: RawResponse): Interpretation {
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    if (response.status >= 200 && response.status < 300) {
      return { ok: false, code: "MALFORMED_RESPONSE", retryable: true, maybeProcessed: true };
    }
    return { ok: false, ...classifyHttpStatus(response.status), vendorStatus: String(response.status) };
  }
  const fields = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const message = typeof fields.message === "string" ? fields.message : typeof fields.Message === "string" ? fields.Message : undefined;
  const bodyStatus = fields.status === undefined ? undefined : String(fields.status);
  const status = response.status >= 200 && response.status < 300 ? Number(bodyStatus ?? 200) : response.status;
  if (status === 200) return { ok: true, body };
  if (!Number.isInteger(status)) {
    return { ok: false, code: "MALFORMED_RESPONSE", vendorStatus: bodyStatus, message, retryable: true, maybeProcessed: true };
  }
  return { ok: false, ...classifyHttpStatus(status), vendorStatus: bodyStatus ?? String(response.status), message };
}

export const mocdoc: VendorDefinition<MocDocConfig, v.InferOutput<typeof secrets>> = {
  id: "mocdoc",
  title: "MocDoc",
  configSchema: config,
  secretsSchema: secrets,
  baseUrl: (c) => c.baseUrl,
  pacing: (c) => ({ default: { intervalMs: c.minIntervalMs, burst: 1 } }),
  configValues: (c) => ({ entityKey: c.entityKey }),
  connectionFields: ["entitykey"],
  authorize: (request, { config: c, secrets: s, now }) =>
    mocdocAuthHeaders({
      method: request.method,
      path: request.path,
      contentType: request.headers["Content-Type"] ?? "application/x-www-form-urlencoded",
      date: httpDate(now),
      accessKey: s.accessKey,
      secretKey: s.secretKey,
      hmac: c.hmac,
      secretEncoding: c.secretEncoding,
    }),
  interpret,
};
