import { fhirHandler } from "@switchboard/core/fhir/handler";
import { fhirAdapters } from "@switchboard/core/vendors/fhir";

/** The FHIR R4 facade of every connection: /v1/connections/{connectionId}/fhir/... */
export const handler = fhirHandler(fhirAdapters);
