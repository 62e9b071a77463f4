import { describe, expect, it } from "vitest";
import { fhirIssues } from "../support/fhir-validate";

/** The test validator itself: it must catch what Medplum's skips, or the FHIR tests prove little. */
describe("FHIR validator used by the tests", () => {
  it("accepts a valid resource", () => {
    expect(fhirIssues({ resourceType: "Patient", id: "p-1", gender: "female", birthDate: "1990-01-15" })).toEqual([]);
  });

  it("refuses ids outside FHIR's alphabet, codes outside required value sets, and date-times without a zone", () => {
    expect(fhirIssues({ resourceType: "Patient", id: "p_1" }).join()).toContain("is not a FHIR id");
    expect(fhirIssues({ resourceType: "Patient", gender: "x" } as never).join()).toContain("required value set");
    const appointment = { resourceType: "Appointment", status: "weird", start: "2026-12-01T10:00:00Z", end: "2026-12-01T10:30:00Z", participant: [{ status: "maybe", actor: { display: "Dr" } }] };
    const issues = fhirIssues(appointment as never).join("\n");
    expect(issues).toContain("weird");
    expect(issues).toContain("maybe");
    expect(fhirIssues({ resourceType: "Slot", schedule: { display: "s" }, status: "free", start: "2026-12-01T10:00:00", end: "2026-12-01T10:30:00Z" } as never).join()).toMatch(/instant|timezone/);
  });
});
