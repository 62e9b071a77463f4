import type { Pagination } from "../catalogue";

/**
 * Reading one page of a paged list for `all=true` (execute.ts asks for each page in turn):
 * where the page's items are, which page comes next, and what the combined answer calls them.
 */
export interface NextPage {
  page: number;
  limit?: number;
}

/** The value at a dotted path (`data.pagination.total_pages`), or undefined. */
function at(body: unknown, path: string): unknown {
  let value = body;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A positive whole number, given as a number or its digits (vendors send both). */
function pageNumber(value: unknown): number | undefined {
  const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 ? n : undefined;
}

export function pageItems(paging: Pagination, body: unknown): unknown[] | undefined {
  const items = at(body, paging.items);
  return Array.isArray(items) ? items : undefined;
}

/** The key of the items in the combined answer: the last segment of their path (`_items`, `patients`). */
export const combinedKey = (paging: Pagination) => paging.items.split(".").at(-1)!;

/**
 * The page after this one, or undefined on the last. `links` takes the page and limit of a HATEOAS
 * `_links.next.href` (whatever host or path the link names, so it can never send us elsewhere);
 * `pages` counts on from `current_page` while it is below `total_pages`.
 */
export function nextPage(paging: Pagination, body: unknown): NextPage | undefined {
  if (paging.style === "pages") {
    const current = pageNumber(at(body, paging.currentPage));
    const total = pageNumber(at(body, paging.totalPages));
    return current !== undefined && total !== undefined && current < total ? { page: current + 1 } : undefined;
  }
  const href = at(body, "_links.next.href");
  if (typeof href !== "string") return undefined;
  const params = new URL(href, "http://link.invalid").searchParams;
  const page = Number(params.get("page"));
  if (!Number.isInteger(page) || page < 1) return undefined;
  const limit = Number(params.get("limit"));
  return { page, ...(Number.isInteger(limit) && limit > 0 && { limit }) };
}
