import { describe, expect, it } from "vitest";
import { mocdoc } from "./vendor";

const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  mocdoc.interpret({ status, headers: new Headers(headers), text: typeof body === "string" ? body : JSON.stringify(body) });

describe("MocDoc response mapping", () => {
  it("accepts status \"200\" in the body", () => {
    expect(respond(200, { status: "200", message: "success", entitylocations: [] })).toEqual({
      ok: true,
      body: { status: "200", message: "success", entitylocations: [] },
    });
  });

  it.each([
    ["400", "REJECTED", false, false],
    ["402", "REJECTED", false, false],
    ["401", "AUTH", false, false],
    ["403", "FORBIDDEN", false, false],
    ["404", "NOT_FOUND", false, false],
    ["409", "CONFLICT", false, false],
    ["429", "RATE_LIMITED", true, false],
    ["500", "SERVER_ERROR", true, true],
    ["503", "UNAVAILABLE", true, false],
  ])("maps body status %s inside an HTTP 200 to %s", (status, code, retryable, maybeProcessed) => {
    expect(respond(200, { status, message: "Validation Error" })).toEqual({ ok: false, code, vendorStatus: status, message: "Validation Error", retryable, maybeProcessed });
  });

  it("reads MocDoc's capitalised Message too", () => {
    expect(respond(200, { status: "402", Message: "name already exist please change the file name..!" })).toMatchObject({
      ok: false,
      message: "name already exist please change the file name..!",
    });
  });

  it("lets a non-2xx HTTP status decide over the body", () => {
    expect(respond(401, { status: "401", message: "Authentication Failed" })).toMatchObject({ ok: false, code: "AUTH", retryable: false });
    expect(respond(502, "<html>bad gateway</html>")).toMatchObject({ ok: false, code: "SERVER_ERROR", vendorStatus: "502", retryable: true });
  });

  it("treats an unparseable 200 body as malformed, possibly processed", () => {
    expect(respond(200, '{"status":"200","data":[')).toEqual({ ok: false, code: "MALFORMED_RESPONSE", retryable: true, maybeProcessed: true });
  });

  it("validates connection config with the documented defaults", async () => {
    const v = await import("valibot");
    expect(v.parse(mocdoc.configSchema, { entityKey: "clinic", minIntervalMs: "500" })).toEqual({
      baseUrl: "https://mocdoc.com",
      entityKey: "clinic",
      hmac: "sha1",
      secretEncoding: "utf8",
      minIntervalMs: 500,
      timezone: "Asia/Kolkata",
      labWindowMinutes: 360,
      fhirCancelledStatus: "Cancelled",
      fhirNoShowStatus: "No Show",
      slotMinutes: 15,
      windowEnd: "inclusive",
    });
    expect(v.parse(mocdoc.configSchema, { entityKey: "c", syncLocations: "location1, location2" }).syncLocations).toEqual(["location1", "location2"]);
    for (const bad of [{ hmac: "md5" }, { timezone: "Mars/Olympus" }, { labWindowMinutes: "7" }, { windowEnd: "both" }, { slotMinutes: "0" }]) {
      expect(v.safeParse(mocdoc.configSchema, { entityKey: "clinic", ...bad }).success).toBe(false);
    }
  });
});
