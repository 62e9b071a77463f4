import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { mocdocCatalogue } from "./catalogue";

/** Rules every MocDoc catalogue entry keeps; a new entry that breaks one fails here, before any stack. */
const entries = (input: unknown) => Object.keys((input as { entries?: Record<string, unknown> }).entries ?? {});
const routeParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
const inputPlaceholders = (path: string) => [...path.matchAll(/\{input\.(\w+)\}/g)].map((m) => m[1]!);

describe("MocDoc catalogue", () => {
  it("has unique operation names and one operation per route and method", () => {
    const names = mocdocCatalogue.map((op) => op.name);
    expect(new Set(names).size).toBe(names.length);
    const routes = mocdocCatalogue.map((op) => `${op.route.method} ${op.route.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it("uses one variable name per path level, as API Gateway requires of sibling routes", () => {
    const variableAt = new Map<string, string>();
    for (const op of mocdocCatalogue) {
      const segments = op.route.path.split("/");
      segments.forEach((segment, i) => {
        const name = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (!name) return;
        const parent = segments.slice(0, i).join("/");
        expect(variableAt.get(parent) ?? name, `${op.id}: ${parent}/{${name}}`).toBe(name);
        variableAt.set(parent, name);
      });
    }
  });

  it("keeps patient data out of our route paths", () => {
    for (const op of mocdocCatalogue) {
      for (const param of routeParams(op.route.path)) expect(param, op.id).not.toMatch(/mobile|phone|name|email|dob|birth|address/i);
    }
  });

  it("reads are GETs with string inputs; writes are not GETs", () => {
    for (const op of mocdocCatalogue) {
      if (op.kind === "read") {
        expect(op.route.method, op.id).toBe("GET");
        for (const [field, value] of Object.entries((op.example ?? {}) as Record<string, unknown>)) expect(typeof value, `${op.id}.${field}`).toBe("string");
      } else {
        expect(op.route.method, op.id).not.toBe("GET");
      }
      expect(/^(list|get)[A-Z]/.test(op.name), `${op.id}: list*/get* are reads`).toBe(op.kind === "read");
    }
  });

  it("takes the entity key from the connection, never from the caller", () => {
    for (const op of mocdocCatalogue) {
      const fromConfig = op.request.path.includes("{config.entityKey}") || op.request.bodyFromConfig?.entitykey === "entityKey";
      expect(fromConfig, op.id).toBe(true);
      expect(entries(op.input).map((f) => f.toLowerCase()), op.id).not.toContain("entitykey");
    }
  });

  it("feeds every route parameter and vendor path placeholder from the input", () => {
    for (const op of mocdocCatalogue) {
      const fields = entries(op.input);
      for (const param of [...routeParams(op.route.path), ...inputPlaceholders(op.request.path)]) expect(fields, `${op.id}: ${param}`).toContain(param);
    }
  });

  it("has a valid example for every operation", () => {
    for (const op of mocdocCatalogue) {
      const parsed = v.safeParse(op.input, op.example);
      expect(parsed.success ? [] : parsed.issues.map((i) => i.message), op.id).toEqual([]);
    }
  });

  it("signs form for bodyless GETs and JSON or form for field bodies", () => {
    for (const op of mocdocCatalogue) {
      if (op.request.method === "GET") expect(op.request.contentType, op.id).toBe("application/x-www-form-urlencoded");
      else if (!op.request.encode) expect(["application/json", "application/x-www-form-urlencoded"], op.id).toContain(op.request.contentType);
    }
  });
});
