import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { defineOperation } from "../catalogue";
import { RequestError, ValidationError } from "../errors";
import type { HttpEvent } from "../http/event";
import { mocdoc } from "../vendors/mocdoc/vendor";
import { actingUser, actingUserOfRequest, scopesOf } from "./acting-user";

const op = (actsAs?: "user" | "userOrAccount") =>
  defineOperation({
    vendor: mocdoc,
    name: `probe${actsAs ?? "Account"}`,
    summary: "probe",
    kind: "read",
    pacingClass: "default",
    route: { method: "GET", path: "/probe" },
    request: { method: "GET", path: "/probe", contentType: "application/json" },
    input: v.strictObject({}),
    ...(actsAs && { actsAs }),
  });

const SCOPE = "switchboard/act-as-user";
const event = (claims: Record<string, unknown>, headers: Record<string, string> = {}) =>
  ({ headers, requestContext: { authorizer: { jwt: { claims, scopes: null } } } }) as unknown as HttpEvent;

describe("the acting user", () => {
  it("is an app user's sub, and nobody else", () => {
    expect(actingUserOfRequest(op("user"), event({ sub: "user-1" }), SCOPE)).toEqual({ code: "user-1" });
    expect(() => actingUserOfRequest(op("user"), event({ sub: "user-1" }, { "x-acting-user": "user-2" }), SCOPE)).toThrow(RequestError);
  });

  it("is the user a back-office service names, or none: the account", () => {
    const service = { sub: "client-7", scope: `openid ${SCOPE}` };
    expect(actingUserOfRequest(op("userOrAccount"), event(service, { "x-acting-user": "user-2" }), SCOPE)).toEqual({ code: "user-2" });
    expect(actingUserOfRequest(op("userOrAccount"), event(service), SCOPE)).toBeUndefined();
    expect(() => actingUserOfRequest(op("user"), event(service), SCOPE)).toThrow(ValidationError);
  });

  it("does not exist for an operation that acts as the account, though naming one still needs the scope", () => {
    expect(actingUserOfRequest(op(), event({ sub: "user-1" }), SCOPE)).toBeUndefined();
    expect(() => actingUserOfRequest(op(), event({ sub: "user-1" }, { "x-acting-user": "user-2" }), SCOPE)).toThrow(RequestError);
  });

  it("is 1 to 128 printable characters without spaces", () => {
    expect(actingUser(op("user"), "auth0|5f7c8ec7c33c6c004bbafe82", "sub")).toEqual({ code: "auth0|5f7c8ec7c33c6c004bbafe82" });
    for (const bad of ["x".repeat(129), "has space", "tab\tbed", "ünicode"]) expect(() => actingUser(op("user"), bad, "sub")).toThrow(ValidationError);
  });

  it("reads scopes from scope, scp lists and API Gateway's rendering of lists", () => {
    expect(scopesOf({ scope: "a b" })).toEqual(["a", "b"]);
    expect(scopesOf({ scp: ["a", "b"] })).toEqual(["a", "b"]);
    expect(scopesOf({ scp: "[a b]" })).toEqual(["a", "b"]);
    expect(scopesOf({})).toEqual([]);
  });
});
