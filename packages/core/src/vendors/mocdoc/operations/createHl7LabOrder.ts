import { createHash } from "node:crypto";
import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { buildOmlO21, PACK_SEPARATOR } from "../../../hl7/oml-o21";
import { parseWallTime } from "../../../hl7/timestamp";
import { nonEmpty, phone, yyyymmdd } from "../../../schemas";
import { mocdoc } from "../vendor";

/** Values MocDoc's example packs into OBR-3 with `_` (see hl7/oml-o21.ts); a `_` inside would shift the rest. */
const packable = v.pipe(nonEmpty, v.excludes(PACK_SEPARATOR, `must not contain "${PACK_SEPARATOR}"`));

const dateTime = v.pipe(
  v.string(),
  v.check((s) => parseWallTime(s) !== undefined, "must be a date-time as YYYYMMDDHHMMSS or ISO 8601 (2026-12-01T10:15:00+05:30)"),
);

/** The order as sent in the body; `entitylocation` goes in the path. */
const labOrder = v.strictObject({
  /** MSH-10. Send the same one when retrying so MocDoc can recognise the message; generated when absent. */
  controlId: v.optional(v.pipe(nonEmpty, v.maxLength(20, "must be at most 20 characters (HL7 v2.4 MSH-10)"))),
  patient: v.strictObject({
    id: nonEmpty,
    title: v.optional(nonEmpty),
    name: nonEmpty,
    family: v.optional(nonEmpty),
    dob: yyyymmdd,
    gender: v.picklist(["Male", "Female", "Other"]),
    phone: v.optional(phone),
    address: v.optional(
      v.strictObject({
        street: v.optional(nonEmpty),
        city: v.optional(nonEmpty),
        state: v.optional(nonEmpty),
        postalCode: v.optional(nonEmpty),
        country: v.optional(nonEmpty),
      }),
    ),
    language: v.optional(nonEmpty),
    maritalStatus: v.optional(nonEmpty),
  }),
  orderingDoctor: v.strictObject({ id: nonEmpty, name: nonEmpty }),
  order: v.strictObject({
    placerOrderNumber: nonEmpty,
    orderedAt: dateTime,
    priority: v.optional(v.picklist(["S", "A", "R"])),
    visitType: v.optional(nonEmpty),
    visitId: v.optional(packable),
    ward: v.optional(nonEmpty),
    collectionCentre: v.optional(nonEmpty),
    enteredBy: v.optional(nonEmpty),
    department: v.optional(nonEmpty),
    billNumber: v.optional(nonEmpty),
  }),
  tests: v.pipe(
    v.array(
      v.strictObject({
        group: packable,
        code: packable,
        name: packable,
        referenceRange: v.optional(packable),
        units: v.optional(packable),
        price: v.pipe(v.number(), v.minValue(0)),
        specimen: v.optional(nonEmpty),
      }),
    ),
    v.minLength(1, "must list at least one test"),
  ),
});

/**
 * POST /api/hl7/laborder/create/{EntityKey}/{EntityLocation} (HL7 v2.4 OML^O21 body).
 *
 * The docs do not name the body's Content-Type. We send `application/hl7-v2`, the media type
 * used for HL7 v2 in its pipe-delimited (ER7) encoding, rather than text/plain or a form
 * field, because it says exactly what the body is; MocDoc should confirm.
 */
export const createHl7LabOrder = defineOperation({
  vendor: mocdoc,
  name: "createHl7LabOrder",
  summary: "Create a lab order at a location (sent to MocDoc as an HL7 v2.4 OML^O21 message)",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/lab-orders/hl7" },
  request: {
    method: "POST",
    path: "/api/hl7/laborder/create/{config.entityKey}/{input.entitylocation}",
    contentType: "application/hl7-v2",
    encode: (fields, config) => {
      // The fields arrive validated but untyped; parsing again (idempotent) types them.
      const { controlId, ...order } = v.parse(labOrder, fields);
      return buildOmlO21(order, {
        now: new Date(),
        // Derived from the order, not random, so a retried or replayed send carries the same id.
        controlId: controlId ?? createHash("sha256").update(order.order.placerOrderNumber).digest("hex").slice(0, 20),
        sendingApplication: "SWITCHBOARD",
        receivingApplication: "MOCDOC",
        receivingFacility: config.entityKey,
      });
    },
  },
  input: v.strictObject({ entitylocation: nonEmpty, ...labOrder.entries }),
  example: {
    entitylocation: "location1",
    patient: { id: "2201007", title: "Ms.", name: "Leela", dob: "19670216", gender: "Female", phone: "9000000000" },
    orderingDoctor: { id: "5000000167", name: "Dr. Rahul A S" },
    order: { placerOrderNumber: "LO-20261201-0001", orderedAt: "2026-12-01T10:15:00+05:30", priority: "R", visitType: "OPD" },
    tests: [
      { group: "18", code: "104", name: "TSH", referenceRange: "0.34-5.06", units: "mIU/mL", price: 230, specimen: "Serum" },
      { group: "18", code: "26", name: "CALCIUM", referenceRange: "8.40-10.20", units: "mg/dL", price: 120, specimen: "Serum" },
    ],
  },
});
