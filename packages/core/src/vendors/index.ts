import type { AnyOperation, VendorDefinition } from "../catalogue";
import { docplannerCatalogue } from "./docplanner/catalogue";
import { docplanner } from "./docplanner/vendor";
import { healthdockCatalogue } from "./healthdock/catalogue";
import { healthdock } from "./healthdock/vendor";
import { mocdocCatalogue } from "./mocdoc/catalogue";
import { mocdoc } from "./mocdoc/vendor";
import { soloCatalogue } from "./solo/catalogue";
import { solo } from "./solo/vendor";
import { vseeCatalogue } from "./vsee/catalogue";
import { vsee } from "./vsee/vendor";

/** Every vendor and its catalogue. Per-operation Lambdas import their own entry instead of this. */
export const vendors: Record<string, VendorDefinition> = { mocdoc, docplanner, solo, vsee, healthdock };
export const catalogues: Record<string, AnyOperation[]> = {
  mocdoc: mocdocCatalogue,
  docplanner: docplannerCatalogue,
  solo: soloCatalogue,
  vsee: vseeCatalogue,
  healthdock: healthdockCatalogue,
};

export const allOperations = (): AnyOperation[] => Object.values(catalogues).flat();

export function findOperation(operationId: string): AnyOperation | undefined {
  return allOperations().find((op) => op.id === operationId);
}

export function vendorById(id: string): VendorDefinition | undefined {
  return vendors[id];
}
