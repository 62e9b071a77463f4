import { describe, expect, it } from "vitest";
import type { Pagination } from "../catalogue";
import { combinedKey, nextPage, pageItems } from "./paging";

const pages: Pagination = { style: "pages", items: "data.patients", currentPage: "data.pagination.current_page", totalPages: "data.pagination.total_pages", pageField: "page", limitField: "limit", defaultLimit: 100 };
const links: Pagination = { style: "links", items: "_items", pageField: "page", limitField: "limit", defaultLimit: 100 };
const healthdockPage = (current: unknown, total: unknown) => ({ success: true, data: { patients: [{ id: current }], pagination: { current_page: current, total_pages: total, total_count: 245 } } });

describe("page-count pagination (current_page / total_pages)", () => {
  it("asks for the next page until the last, as numbers or digits", () => {
    expect(nextPage(pages, healthdockPage(1, 10))).toEqual({ page: 2 });
    expect(nextPage(pages, healthdockPage("9", "10"))).toEqual({ page: 10 });
    expect(nextPage(pages, healthdockPage(10, 10))).toBeUndefined();
  });

  it("stops where the counter is missing or not a page number", () => {
    for (const [current, total] of [[undefined, 3], [1, undefined], [0, 3], [1.5, 3], ["x", 3], [2, -1]]) expect(nextPage(pages, healthdockPage(current, total))).toBeUndefined();
    expect(nextPage(pages, { success: true })).toBeUndefined();
  });

  it("finds the items by their dotted path and names them by its last segment", () => {
    expect(pageItems(pages, healthdockPage(1, 1))).toEqual([{ id: 1 }]);
    expect(pageItems(pages, { data: { patients: "no" } })).toBeUndefined();
    expect(combinedKey(pages)).toBe("patients");
  });
});

describe("link pagination (_links.next)", () => {
  it("takes only page and limit of the next link, whatever it points at", () => {
    expect(nextPage(links, { _items: [], _links: { next: { href: "https://elsewhere.example/x?page=3&limit=20&evil=1" } } })).toEqual({ page: 3, limit: 20 });
    expect(nextPage(links, { _items: [], _links: {} })).toBeUndefined();
    expect(combinedKey(links)).toBe("_items");
  });
});
