import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { defineOperation } from "../catalogue";
import { mocdoc } from "../vendors/mocdoc/vendor";
import { bookAppointment } from "../vendors/mocdoc/operations/bookAppointment";
import { listLocations } from "../vendors/mocdoc/operations/listLocations";
import { buildVendorRequest } from "./request";

const config = { entityKey: "clinic one" };

describe("vendor request building", () => {
  it("fills the entity key from the connection and sends no body on GET", () => {
    const req = buildVendorRequest(listLocations, {}, config, "https://mocdoc.com");
    expect(req).toMatchObject({ method: "GET", url: "https://mocdoc.com/api/locationlist/clinic%20one", path: "/api/locationlist/clinic%20one" });
    expect(req.body).toBeUndefined();
    expect(req.headers["Content-Type"]).toBe("application/x-www-form-urlencoded");
  });

  it("sends JSON bodies as JSON", () => {
    const req = buildVendorRequest(bookAppointment, { fname: "A", phone: "9876543210" }, config, "http://127.0.0.1:4101/");
    expect(req.url).toBe("http://127.0.0.1:4101/api/bookappt/clinic%20one");
    expect(JSON.parse(req.body!)).toEqual({ fname: "A", phone: "9876543210" });
  });

  it("form-encodes, takes path fields out of the body, adds config fields and keeps a base path", () => {
    const op = defineOperation({
      vendor: mocdoc,
      name: "example",
      summary: "example",
      kind: "read",
      pacingClass: "default",
      route: { method: "GET", path: "/x/{drkey}" },
      request: { method: "POST", path: "/api/x/{input.drkey}/{config.entityKey}", contentType: "application/x-www-form-urlencoded", bodyFromConfig: { entitykey: "entityKey" } },
      input: v.object({ drkey: v.string(), date: v.string() }),
    });
    const req = buildVendorRequest(op, { drkey: "dr/1", date: "20261201" }, config, "https://vendor.example/base");
    expect(req.path).toBe("/base/api/x/dr%2F1/clinic%20one");
    expect(req.body).toBe("date=20261201&entitykey=clinic+one");
  });

  it("refuses to build a request with a missing path value", () => {
    expect(() => buildVendorRequest(listLocations, {}, { entityKey: "" }, "https://mocdoc.com")).toThrow(/config.entityKey/);
  });

  it("sends multipart/form-data with its boundary in the Content-Type, and a path's fixed query parameters", async () => {
    const op = defineOperation({
      vendor: mocdoc,
      name: "multipartExample",
      summary: "example",
      kind: "write",
      pacingClass: "default",
      route: { method: "POST", path: "/visits/{id}" },
      request: { method: "POST", path: "/visits/{input.id}?version=2", contentType: "multipart/form-data" },
      input: v.object({ id: v.string(), provider_id: v.number() }),
    });
    const req = buildVendorRequest(op, { id: "18407167", provider_id: 0 }, config, "https://api.vsee.me/api_v3");
    expect(req.url).toBe("https://api.vsee.me/api_v3/visits/18407167?version=2");
    expect(req.path).toBe("/api_v3/visits/18407167");
    const form = await new Response(req.body, { headers: { "content-type": req.headers["Content-Type"]! } }).formData();
    expect([...form.entries()]).toEqual([["provider_id", "0"]]);
  });
});
