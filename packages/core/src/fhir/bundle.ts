import type { Bundle, Resource } from "@medplum/fhirtypes";

/**
 * Search results as a `searchset` Bundle. Where the vendor pages, `next` links carry an opaque
 * `_page` token the adapter understands; the other search parameters stay as the caller sent them.
 */
export function searchset(base: string, type: string, params: URLSearchParams, resources: Resource[], nextPage?: string): Bundle {
  const link = (page?: string) => {
    const q = new URLSearchParams(params);
    q.delete("_page");
    if (page !== undefined) q.set("_page", page);
    const qs = q.toString();
    return `${base}/${type}${qs ? `?${qs}` : ""}`;
  };
  return {
    resourceType: "Bundle",
    type: "searchset",
    ...(nextPage === undefined && { total: resources.length }),
    link: [{ relation: "self", url: link(params.get("_page") ?? undefined) }, ...(nextPage !== undefined ? [{ relation: "next", url: link(nextPage) }] : [])],
    entry: resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: "match" as const } })),
  };
}
