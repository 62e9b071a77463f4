import { addDays } from "./checks";
import { LOCATIONS, SANDBOX_PATIENTS } from "./masters";
import { MAX_RECORDS_PER_DAY, pad, pick, seeded } from "./random";

/**
 * The patients of the generated data: each day's registrations are "YYYYMMDD_NNN", and every
 * other dataset's records are for patients registered before (or on) their day.
 */
const FIRST_NAMES = { Male: ["Arun", "Karthik", "Suresh", "Vijay", "Rahul", "Ganesh", "Ravi", "Mohan", "Imran", "Joseph"], Female: ["Priya", "Divya", "Lakshmi", "Anitha", "Meera", "Kavya", "Sangeetha", "Deepa", "Fathima", "Mary"] };
const LAST_NAMES = ["Kumar", "Raman", "Srinivasan", "Iyer", "Natarajan", "Subramanian", "Pillai", "Reddy", "Sharma", "Nair"];
const CITIES = ["Chennai", "Coimbatore", "Madurai", "Bengaluru", "Tiruchirappalli"];

export interface SimPatientRecord {
  phid: string;
  patientkey: string;
  title: string;
  name: string;
  fname: string;
  lname: string;
  gender: string;
  dob: string;
  age: number;
  mobile: string;
  email?: string;
  city: string;
  entitylocation: string;
  registrationdate: string;
}

export const ageOn = (dob: string, day: string) => Number(day.slice(0, 4)) - Number(dob.slice(0, 4)) - (day.slice(4) < dob.slice(4) ? 1 : 0);

/** How many patients were registered on a day (the first draw of that day's PRNG). */
export const registeredCount = (entityKey: string, day: string) => Math.floor(seeded(entityKey, "registeredPatients", day)() * (MAX_RECORDS_PER_DAY + 1));

/** The n-th patient (1-based) registered on a day; phid "YYYYMMDD_NNN". */
export function generatedPatient(entityKey: string, day: string, n: number): SimPatientRecord {
  const phid = `${day}_${pad(n, 3)}`;
  const rng = seeded(entityKey, "patient", phid);
  const gender = rng() < 0.5 ? "Male" : "Female";
  const fname = pick(rng, FIRST_NAMES[gender]);
  const lname = pick(rng, LAST_NAMES);
  const age = 1 + Math.floor(rng() * 85);
  const dob = `${Number(day.slice(0, 4)) - age}${pad(1 + Math.floor(rng() * 12), 2)}${pad(1 + Math.floor(rng() * 28), 2)}`;
  const mobile = `${pick(rng, ["6", "7", "8", "9"])}${pad(Math.floor(rng() * 1e9), 9)}`;
  const title = age < 13 ? (gender === "Male" ? "Master" : "Baby") : gender === "Male" ? "Mr" : "Ms";
  const withEmail = rng() < 0.4;
  return {
    phid,
    patientkey: `${entityKey}${phid}`,
    title,
    name: `${fname} ${lname}`,
    fname,
    lname,
    gender,
    dob,
    age: ageOn(dob, day),
    mobile,
    ...(withEmail ? { email: `${fname}.${lname}${pad(n, 2)}@example.com`.toLowerCase() } : {}),
    city: pick(rng, CITIES),
    entitylocation: pick(rng, LOCATIONS).entitylocation,
    registrationdate: day,
  };
}

/** A patient of the generated registrations, by phid, if one was registered under it. */
export function findGeneratedPatient(entityKey: string, phid: string): SimPatientRecord | undefined {
  const m = /^(\d{8})_(\d{3})$/.exec(phid);
  if (!m) return undefined;
  const [day, n] = [m[1]!, Number(m[2])];
  return n >= 1 && n <= registeredCount(entityKey, day) ? generatedPatient(entityKey, day, n) : undefined;
}

/** A patient registered in the year before `day` (or that day), for the day's other records. */
export function somePatient(entityKey: string, rng: () => number, day: string): SimPatientRecord {
  for (let tries = 0; tries < 8; tries++) {
    const registered = addDays(day, -Math.floor(rng() * 365));
    const count = registeredCount(entityKey, registered);
    if (count > 0) return generatedPatient(entityKey, registered, 1 + Math.floor(rng() * count));
  }
  const sandbox = SANDBOX_PATIENTS[0]!;
  return { ...sandbox, patientkey: `${entityKey}${sandbox.phid}`, name: `${sandbox.fname} ${sandbox.lname}`, age: ageOn(sandbox.dob, day) };
}

export const patientRef = (p: SimPatientRecord) => ({ phid: p.phid, patientkey: p.patientkey, name: p.name });

