import type { CapabilityStatement, CapabilityStatementRestResource, Extension } from "@medplum/fhirtypes";
import type { Rate, VendorDefinition } from "../catalogue";
import { FHIR_RESOURCE_TYPES, type FhirAdapter } from "./adapter";
import { EXTENSIONS } from "./model";

/**
 * `GET /metadata`: what this connection's vendor supports — resources, interactions, search
 * parameters — built from its adapter's own `support`, which the router enforces (so the
 * statement cannot claim what the facade would refuse), and the connection's budgets.
 */
function rateLimit(pacingClass: string, rate: Rate): Extension {
  return {
    url: EXTENSIONS.rateLimit,
    extension: [
      { url: "pacingClass", valueString: pacingClass },
      { url: "intervalMs", valueDecimal: Math.round(rate.intervalMs * 1000) / 1000 },
      { url: "burst", valueInteger: rate.burst },
    ],
  };
}

export function capabilityStatement(adapter: FhirAdapter, vendor: VendorDefinition, config: unknown, base: string, date: string): CapabilityStatement {
  const resources: CapabilityStatementRestResource[] = FHIR_RESOURCE_TYPES.flatMap((type) => {
    const support = adapter.support[type];
    if (!support) return [];
    return [
      {
        type,
        ...(support.documentation && { documentation: support.documentation }),
        interaction: support.interactions.map((code) => ({ code })),
        ...(support.searchParams?.length && {
          searchParam: support.searchParams.map((p) => ({ name: p.name, type: p.type, documentation: p.required ? `${p.documentation} (required)` : p.documentation })),
        }),
      },
    ];
  });
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date,
    kind: "instance",
    fhirVersion: "4.0.1",
    format: ["application/fhir+json"],
    patchFormat: ["application/json-patch+json"],
    software: { name: "Switchboard" },
    implementation: { description: `Switchboard's FHIR R4 facade over a ${vendor.title} connection`, url: base },
    rest: [
      {
        mode: "server",
        documentation: `Everything else answers 501 with an OperationOutcome naming what ${vendor.title} cannot do. Writes take an Idempotency-Key; without a free vendor slot in time they become jobs (202, Location: /v1/jobs/{jobId}).`,
        extension: Object.entries(vendor.pacing(config)).map(([pacingClass, rate]) => rateLimit(pacingClass, rate)),
        resource: resources,
      },
    ],
  };
}
