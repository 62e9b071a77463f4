import { createHash } from "node:crypto";

/**
 * Records in a day's response, and the stable id each record event carries. Vendors name the
 * list differently per endpoint (MocDoc: `visits`, `billlist`, `orders`…), so the records are the
 * array-valued fields of the body. The id hashes the source and the record's canonical JSON, so
 * re-running a day yields the same ids and consumers can deduplicate.
 */
export function recordsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (!body || typeof body !== "object") return [];
  return Object.values(body as Record<string, unknown>)
    .filter(Array.isArray)
    .flat();
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function recordId(source: { connectionId: string; dataset: string; day: string }, record: unknown): string {
  return createHash("sha256")
    .update(`${source.connectionId}\n${source.dataset}\n${source.day}\n${canonicalJson(record)}`)
    .digest("hex")
    .slice(0, 32);
}
