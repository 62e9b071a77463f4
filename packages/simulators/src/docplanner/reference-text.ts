/**
 * Where Docplanner's reference text (../shared/vendor-docs/docplanner-api.txt) or the contract's
 * own examples, descriptions and changelog disagree with its schemas, the reference text wins
 * (the vendor-docs README says so). Each override names its evidence; contract.test.ts shows that
 * each one changes what validates, so a stale entry fails.
 */
export type JsonSchema = Record<string, unknown>;

/** The parts of the OpenAPI 3.0 document this module and contract.ts read. */
export interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; parameters: Record<string, JsonSchema> };
}

export interface ReferenceTextOverride {
  id: string;
  evidence: string;
  apply(doc: OpenApiDocument): void;
}

function schema(doc: OpenApiDocument, name: string): JsonSchema & { properties: Record<string, JsonSchema> } {
  const found = doc.components.schemas[name];
  if (!found || typeof found.properties !== "object") throw new Error(`contract schema ${name} has no properties`);
  return found as JsonSchema & { properties: Record<string, JsonSchema> };
}

/** The event names of the contract's callbacks (the inner keys, e.g. "slot-booked"). */
export function callbackNames(doc: OpenApiDocument): string[] {
  const push = doc.paths["/{client-endpoint-url}"]?.post as { callbacks?: Record<string, Record<string, unknown>> } | undefined;
  return Object.values(push?.callbacks ?? {}).flatMap((expressions) => Object.keys(expressions));
}

const link = { type: "object", required: ["href"], properties: { href: { type: "string" } } };

export const REFERENCE_TEXT_OVERRIDES: readonly ReferenceTextOverride[] = [
  {
    id: "patient-phone-and-nin-as-numbers",
    evidence: 'docplanner-api.txt bookSlot example (and the contract\'s BookSlot example) send "phone": 48123123123 and "nin": 894237492; the Patient schema types both as strings',
    apply(doc) {
      const patient = schema(doc, "Patient");
      for (const field of ["phone", "nin"]) patient.properties[field] = { ...patient.properties[field], type: ["string", "integer"] };
    },
  },
  {
    id: "notification-names-of-every-callback",
    evidence: "the Notification schema's name enum lists 14 events; the contract defines 17 callbacks (changelog 1.0.32 and 1.0.36 added address-assigned, address-unassigned and booking-payment-status-changed)",
    apply(doc) {
      const notification = schema(doc, "Notification");
      notification.properties.name = { ...notification.properties.name, enum: callbackNames(doc) };
    },
  },
  {
    id: "bookings-confirmation-scope",
    evidence: "getBookings' description lists the booking.confirmation extension (changelog 1.4.1, example BookingsWithConfirmation); the BookingsScopes enum omits it",
    apply(doc) {
      const scopes = doc.components.schemas.BookingsScopes as { enum: string[] };
      scopes.enum = [...scopes.enum, "booking.confirmation"];
    },
  },
  {
    id: "pagination-links",
    evidence: "docplanner-api.txt Pagination: paginated representations carry _links self, first, last, next and previous; the Bookings schema has no _links",
    apply(doc) {
      schema(doc, "Bookings").properties._links = {
        type: "object",
        required: ["self", "first", "last"],
        properties: { self: link, first: link, last: link, next: link, previous: link },
      };
    },
  },
  {
    id: "doctor-specializations-and-profile-url",
    evidence: 'docplanner-api.txt getDoctor example and the contract\'s Doctor examples return "specializations" (the schema says "specialization") and doctor.profile_url adds "profile_url", which the schema lacks',
    apply(doc) {
      const doctor = schema(doc, "Doctor");
      doctor.properties.specializations = { $ref: "#/components/schemas/Specializations" };
      doctor.properties.profile_url = { type: "string" };
    },
  },
  {
    id: "fields-shown-only-in-examples",
    evidence:
      "examples show Booking.confirmed (booking.confirmation), AddressService.is_public_insurance_flow (address_service.public_insurance_flow) and Patient.insurance_number in notifications (changelog 1.8.1); the schemas omit them",
    apply(doc) {
      schema(doc, "Booking").properties.confirmed = { type: "boolean" };
      schema(doc, "AddressService").properties.is_public_insurance_flow = { type: "boolean" };
      schema(doc, "Patient").properties.insurance_number = { type: "string", nullable: true };
    },
  },
];
