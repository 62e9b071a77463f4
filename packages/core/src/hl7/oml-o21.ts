import { mshSegment, segment } from "./segment";
import { dashedDate, hl7Timestamp, parseWallTime, spacedDateTime, utcWallTime, type WallTime } from "./timestamp";

/**
 * Builds the HL7 v2.4 OML^O21 lab order MocDoc's "Order Create" takes
 * (../shared/vendor-docs/mocdoc-api.txt). The layout mirrors the docs' example message rather than
 * the HL7 tables wherever the two differ, because MocDoc's parser reads what its example sends:
 *
 * - MSH: standard. MSH-18 carries `84302` in the example, which is no character set (HL7 table
 *   0211) and is not explained, so it is left out.
 * - PID: standard positions (3 id, 5 name, 7 birth date, 8 sex, 11 address, 13 phone,
 *   15 language, 16 marital status) with MocDoc's values: the name is one component with the
 *   title (`Ms. LEELA`, not `family^given`), the birth date is `YYYY-MM-DD` and the sex a word
 *   (`Female`). PID-17 (religion in HL7) holds the visit type (`OPD`). PID-18 (`sivakumar`) is
 *   not explained and left out.
 * - ORC: 1 `NW`, 2 placer order number, 8 ward, 10 entered by, 12 collection centre, 13 priority
 *   (`R`), 15 when ordered as `YYYY-MM-DD HH:MM:SS`, 17 department. ORC-4 and ORC-6 hold `1` in
 *   the example with no stated meaning and are sent the same. ORC-16 (`General Ward Male`) and
 *   ORC-18 (`Surgical Oncology`) are not explained and left out.
 * - OBR: one per test, every position one lower than HL7's (the example's sender seems to have
 *   counted OBR fields the way MSH's are counted). OBR-1 is HL7's placer order number: the same
 *   id as MSH-10 in the example, so the control id. OBR-3 (HL7's universal service id) packs the
 *   test with `_`, see packTest. OBR-5 (requested date-time) is when ordered, OBR-10 (specimen
 *   action code) is `A`, OBR-14 (specimen source) the specimen, OBR-15 (ordering provider) is
 *   `doctor id^doctor name^bill note^`, see billNote.
 */

export type Gender = "Male" | "Female" | "Other";

export interface LabOrderPatient {
  /** MocDoc's patient id (PID-3). */
  id: string;
  /** `Ms.`, `Dr.`; written before the name as the example does. */
  title?: string;
  /** Given name, or the whole name when the clinic keeps it in one piece. */
  name: string;
  family?: string;
  /** `YYYYMMDD`. */
  dob: string;
  gender: Gender;
  phone?: string;
  address?: { street?: string; city?: string; state?: string; postalCode?: string; country?: string };
  /** PID-15, `E` in the example. */
  language?: string;
  /** PID-16, `M` in the example. */
  maritalStatus?: string;
}

export interface LabOrderDoctor {
  /** MocDoc's doctor id, `5000000167` in the example. */
  id: string;
  name: string;
}

export type Priority = "S" | "A" | "R";

export interface LabOrderDetails {
  /** Our order number (ORC-2), which later results refer to. */
  placerOrderNumber: string;
  /** Clinic wall clock: `YYYYMMDDHHMMSS` or ISO 8601; an ISO offset is kept for the bill note. */
  orderedAt: string;
  /** HL7 priority: S stat, A as soon as possible, R routine. */
  priority?: Priority;
  /** `OPD`, `IPD`: the example puts it in PID-17. */
  visitType?: string;
  /** The visit (`525021` in the example), packed into each test's OBR-3. */
  visitId?: string;
  ward?: string;
  collectionCentre?: string;
  /** User who entered the order (ORC-10). */
  enteredBy?: string;
  department?: string;
  /** Bill number for the bill note, `CB-GEN/86692/202223` in the example. */
  billNumber?: string;
}

export interface LabTest {
  /** First part of MocDoc's test code (`18` in `18_104`); the example's tests all share it. */
  group: string;
  /** Second part of MocDoc's test code (`104` in `18_104`). */
  code: string;
  name: string;
  /** `0.34-5.06`. */
  referenceRange?: string;
  /** `mIU/mL`. */
  units?: string;
  /** In rupees, as the bill note says `Rs.`. */
  price: number;
  /** `Serum`. */
  specimen?: string;
}

export interface LabOrder {
  patient: LabOrderPatient;
  orderingDoctor: LabOrderDoctor;
  order: LabOrderDetails;
  tests: readonly LabTest[];
}

/** A hierarchic designator (MSH-4, MSH-6): one value or its components, e.g. `["600", "BU10"]`. */
export type Facility = string | readonly string[];

export interface OmlO21Options {
  /** MSH-7, written in UTC. */
  now: Date;
  /** MSH-10; HL7 v2.4 allows 20 characters. */
  controlId: string;
  sendingApplication: string;
  sendingFacility?: Facility;
  receivingApplication?: string;
  receivingFacility?: Facility;
}

/** Separator of the values packed into OBR-3; not an HL7 delimiter, so escaping cannot protect it. */
export const PACK_SEPARATOR = "_";

/**
 * OBR-3 as the example packs it: `18_104_TSH_0.34-5.06_mIU/mL_525021_2022_0_0_nill` reads as
 * group, code, name, reference range, units, then order-level values shared by every test: the
 * visit (`525021`), the year ordered (`2022`), and `0`, `0`, `nill`, which the docs do not
 * explain and which we send as the example does.
 */
function packTest(test: LabTest, order: LabOrderDetails, orderedAt: WallTime): string {
  const values = [test.group, test.code, test.name, test.referenceRange ?? "", test.units ?? "", order.visitId ?? ""];
  for (const value of values) {
    if (value.includes(PACK_SEPARATOR)) throw new Error(`test ${test.code}: ${JSON.stringify(value)} must not contain "${PACK_SEPARATOR}"`);
  }
  return [...values, String(orderedAt.year), "0", "0", "nill"].join(PACK_SEPARATOR);
}

/** OBR-15's third component: `CB-GEN/86692/202223, Dt:2022-08-23 09:34:06.058898+05:30, Amt: Rs. 230`. */
function billNote(order: LabOrderDetails, orderedAt: WallTime, price: number): string {
  const dated = `Dt:${spacedDateTime(orderedAt)}${orderedAt.offset ?? ""}`;
  return [order.billNumber, dated, `Amt: Rs. ${price}`].filter((part) => part !== undefined).join(", ");
}

function displayName(patient: LabOrderPatient): string {
  return [patient.title, patient.name, patient.family].filter((part) => part !== undefined).join(" ");
}

export function buildOmlO21(lab: LabOrder, options: OmlO21Options): string {
  const { patient, orderingDoctor: doctor, order, tests } = lab;
  if (tests.length === 0) throw new Error("a lab order needs at least one test");
  const orderedAt = parseWallTime(order.orderedAt);
  if (!orderedAt) throw new Error(`orderedAt must be YYYYMMDDHHMMSS or ISO 8601, got ${JSON.stringify(order.orderedAt)}`);
  const address = patient.address;

  const msh = mshSegment({
    3: options.sendingApplication,
    4: options.sendingFacility,
    5: options.receivingApplication,
    6: options.receivingFacility,
    7: hl7Timestamp(utcWallTime(options.now)),
    9: ["OML", "O21"],
    10: options.controlId,
    11: "P",
    12: "2.4",
    15: "AL",
    16: "AL",
  });
  const pid = segment("PID", {
    3: patient.id,
    5: displayName(patient),
    7: dashedDate(patient.dob),
    8: patient.gender,
    11: address && [address.street, undefined, address.city, address.state, address.postalCode, address.country],
    13: patient.phone,
    15: patient.language,
    16: patient.maritalStatus,
    17: order.visitType,
  });
  const orc = segment("ORC", {
    1: "NW",
    2: order.placerOrderNumber,
    4: "1",
    6: "1",
    8: order.ward,
    10: order.enteredBy,
    12: order.collectionCentre,
    13: order.priority,
    15: spacedDateTime(orderedAt),
    17: order.department,
  });
  const obrs = tests.map((test) =>
    segment("OBR", {
      1: options.controlId,
      3: packTest(test, order, orderedAt),
      5: hl7Timestamp(orderedAt),
      10: "A",
      14: test.specimen,
      // The trailing empty component is the example's.
      15: [doctor.id, doctor.name, billNote(order, orderedAt, test.price), ""],
    }),
  );
  return [msh, pid, orc, ...obrs].join("\r");
}
