import { FhirError } from "./outcome";
import type { AppointmentChange } from "./adapter";

/**
 * The JSON Patch (RFC 6902) an Appointment accepts: `replace` (or `add`) of `/start` and `/end`
 * to reschedule, or of `/status` to `cancelled` or `noshow`. Anything else is refused, naming
 * the operation.
 */
export function appointmentChange(patch: unknown): AppointmentChange {
  if (!Array.isArray(patch) || patch.length === 0) throw new FhirError(400, "invalid", "the body must be a non-empty JSON Patch array");
  const change: AppointmentChange = {};
  patch.forEach((op: { op?: unknown; path?: unknown; value?: unknown }, i) => {
    const where = [`[${i}]`];
    if (op?.op !== "replace" && op?.op !== "add") throw new FhirError(422, "not-supported", `patch[${i}]: only replace (or add) is supported`, where);
    if (op.path === "/start" || op.path === "/end") {
      if (typeof op.value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(op.value)) {
        throw new FhirError(400, "invalid", `patch[${i}]: ${op.path} must be an instant with a timezone`, where);
      }
      change[op.path === "/start" ? "start" : "end"] = op.value;
    } else if (op.path === "/status") {
      if (op.value !== "cancelled" && op.value !== "noshow") throw new FhirError(422, "not-supported", `patch[${i}]: status may only become cancelled or noshow`, where);
      change.status = op.value;
    } else {
      throw new FhirError(422, "not-supported", `patch[${i}]: only /start, /end and /status can change`, where);
    }
  });
  if (change.status && (change.start || change.end)) throw new FhirError(422, "not-supported", "a patch either reschedules or changes the status, not both");
  return change;
}
