import { invalid, ok, validationError, type MocDocBody } from "./checks";
import { isLocation } from "./masters";
import type { MocDocRouteContext } from "./routes";

/**
 * MocDoc's HL7 lab order endpoint: the body is an HL7 v2.4 OML^O21 message (segments separated
 * by CR). The simulator checks what a receiving HL7 engine would reject — the header, the
 * message type and version, a patient, an order and at least one test — and answers as the docs'
 * example does, with the patient, doctor and bill keys it created.
 */
export function createHl7LabOrder({ state, params, fields }: MocDocRouteContext): MocDocBody {
  if (!isLocation(params.EntityLocation ?? "")) return invalid("Invalid date or Invalid location");
  const message = String(fields.message ?? "");
  const segments = message.split(/\r\n?|\n/).filter(Boolean).map((s) => s.split("|"));
  const msh = segments[0];
  if (!msh || msh[0] !== "MSH" || !message.startsWith("MSH|^~\\&|")) return validationError("not an HL7 message (MSH with |^~\\& expected)");
  if (msh[8] !== "OML^O21" || msh[11] !== "2.4") return validationError("expected an OML^O21 message of HL7 version 2.4");
  const pid = segments.find((s) => s[0] === "PID");
  const orc = segments.find((s) => s[0] === "ORC");
  const obrs = segments.filter((s) => s[0] === "OBR");
  if (!pid?.[3] || !orc || obrs.length === 0) return validationError("PID with a patient id, ORC and at least one OBR are required");
  const patientId = pid[3];
  const entity = state.account.entityKey;
  const doctor = (obrs[0]?.[15] ?? "").split("^")[1] ?? "doctor";
  return ok({
    data: {
      patientkey: `${entity}${patientId}`,
      patientid: patientId,
      doctorkey: `${entity}-dr-${doctor.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`,
      billkey: `${entity}${patientId}_${msh[9] ?? ""}`,
    },
  });
}
