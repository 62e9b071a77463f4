import type { FhirAdapter } from "../fhir/adapter";
import { docplannerFhir } from "./docplanner/fhir";
import { healthdockFhir } from "./healthdock/fhir";
import { mocdocFhir } from "./mocdoc/fhir";
import { soloFhir } from "./solo/fhir";
import { vseeFhir } from "./vsee/fhir";

/** Each vendor's FHIR adapter (`vendors/{vendor}/fhir.ts`); a vendor without one answers 501. */
export const fhirAdapters: Record<string, FhirAdapter> = {
  mocdoc: mocdocFhir,
  docplanner: docplannerFhir,
  solo: soloFhir,
  vsee: vseeFhir,
  healthdock: healthdockFhir,
};
