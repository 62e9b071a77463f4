import { isBlank, isMobile, isYyyymmdd, istNow, ok, sameMobile, text, validationError, type MocDocBody } from "./checks";
import { findGeneratedPatient, registeredCount, type DayEntry } from "./data";
import { isLocation, SANDBOX_PATIENTS } from "./masters";
import type { MocDocRouteContext } from "./routes";
import type { MocDocAccountState } from "./state";

/**
 * Patients: registration and updates (kept per account), demographic look-ups and the teleconsult
 * patient list. A phid is known when it was registered through the simulator, is a sandbox
 * patient (SB0001, SB0002) or belongs to the generated registrations (YYYYMMDD_NNN).
 */
const GENDERS = ["Male", "Female", "Other"];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function withName(patient: Record<string, unknown>): Record<string, unknown> {
  const name = [patient.fname, patient.mname, patient.lname].filter((part) => !isBlank(part)).map(text).join(" ");
  return name ? { ...patient, name } : patient;
}

export function knownPatient(state: MocDocAccountState, phid: string): Record<string, unknown> | undefined {
  const entityKey = state.account.entityKey;
  const registered = state.patients.get(phid);
  const sandbox = SANDBOX_PATIENTS.find((p) => p.phid === phid);
  const base: Record<string, unknown> | undefined = registered
    ? { ...registered.fields, phid, entitylocation: registered.entitylocation, registrationdate: registered.registrationdate }
    : sandbox
      ? { ...sandbox }
      : (findGeneratedPatient(entityKey, phid) as Record<string, unknown> | undefined);
  if (!base) return undefined;
  return withName({ ...base, ...state.patientUpdates.get(phid), phid, patientkey: `${entityKey}${phid}` });
}

/** Common checks of patient fields, where present; undefined when they pass. */
function patientFieldError(fields: Record<string, unknown>): MocDocBody | undefined {
  const present = (name: string) => !isBlank(fields[name]);
  if (present("entitylocation") && !isLocation(text(fields.entitylocation))) return validationError("Invalid entitylocation");
  if (present("gender") && !GENDERS.includes(text(fields.gender))) return validationError("Invalid gender");
  if (present("mobile") && !isMobile(text(fields.mobile))) return validationError("Invalid mobile");
  if (present("dob") && !isYyyymmdd(text(fields.dob))) return validationError("Invalid dob");
  if (present("email") && !EMAIL.test(text(fields.email))) return validationError("Invalid email");
  return undefined;
}

const withoutEntityKey = ({ entitykey: _e, ...rest }: Record<string, unknown>) => rest;

export function registerPatient({ state, fields, now }: MocDocRouteContext): MocDocBody {
  const error = patientFieldError(fields);
  if (error) return error;
  const today = istNow(now);
  const registeredToday = [...state.patients.values()].filter((p) => p.registrationdate === today.date).length;
  const phid = `${today.date}_${String(registeredCount(state.account.entityKey, today.date) + registeredToday + 1).padStart(3, "0")}`;
  state.patients.set(phid, {
    phid,
    entitylocation: text(fields.entitylocation),
    registrationdate: today.date,
    registrationtime: today.time,
    fields: withoutEntityKey(fields),
  });
  return ok({ data: { phid } });
}

/** Patients registered through the simulator on `day`, as the registration list shows them. */
export function registeredThrough(state: MocDocAccountState, day: string): DayEntry[] {
  return [...state.patients.values()]
    .filter((p) => p.registrationdate === day)
    .map((p) => ({
      minute: Number(p.registrationtime.slice(0, 2)) * 60 + Number(p.registrationtime.slice(3, 5)),
      entitylocation: p.entitylocation,
      record: { ...knownPatient(state, p.phid), registrationtime: p.registrationtime, created_at: `${day}${p.registrationtime}` },
    }));
}

export function updatePatient({ state, fields }: MocDocRouteContext): MocDocBody {
  const phid = text(fields.phid);
  if (!knownPatient(state, phid)) return validationError("Invalid phid");
  const error = patientFieldError(fields);
  if (error) return error;
  const { phid: _p, ...changes } = withoutEntityKey(fields);
  state.patientUpdates.set(phid, { ...state.patientUpdates.get(phid), ...changes });
  return { status: "200", message: "Patient detail updated successfully" };
}

/** By phid and mobile together; no match is an empty list. */
export function patientInfo({ state, fields }: MocDocRouteContext): MocDocBody {
  if (!isMobile(text(fields.mobile))) return validationError("Invalid mobile");
  const patient = knownPatient(state, text(fields.phid));
  return ok({ data: patient && sameMobile(text(patient.mobile), text(fields.mobile)) ? [patient] : [] });
}

/** Patients with the path's mobile number among those registered through the simulator and the sandbox ones. */
export function teleconsultPatients({ state, params }: MocDocRouteContext): MocDocBody {
  const mobile = params.Mobile ?? "";
  if (!isMobile(mobile)) return validationError("Invalid mobile");
  const phids = [...SANDBOX_PATIENTS.map((p) => p.phid), ...state.patients.keys()];
  const data = phids
    .map((phid) => knownPatient(state, phid)!)
    .filter((p) => sameMobile(text(p.mobile), mobile))
    .map((p) => ({ Title: p.title ?? "", name: p.name, fname: p.fname, lname: p.lname ?? "", phid: p.phid, patientkey: p.patientkey, mobile: p.mobile, gender: p.gender, dob: p.dob ?? "", credit_provider: "" }));
  return ok({ data });
}
