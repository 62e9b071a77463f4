import type { FhirAdapter } from "../fhir/adapter";
import { docplannerFhir } from "./docplanner/fhir";
import { mocdocFhir } from "./mocdoc/fhir";
import { vseeFhir } from "./vsee/fhir";

/** Each vendor's FHIR adapter (`vendors/{vendor}/fhir.ts`); a vendor without one answers 501. */
export const fhirAdapters: Record<string, FhirAdapter> = { mocdoc: mocdocFhir, docplanner: docplannerFhir, vsee: vseeFhir };
