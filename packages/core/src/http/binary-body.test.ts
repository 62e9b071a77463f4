import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { defineOperation } from "../catalogue";
import { mocdoc } from "../vendors/mocdoc/vendor";
import { binaryFileCheck, binaryFileEntries, binaryInputOf } from "./binary-body";
import type { HttpEvent } from "./event";
import { fetchWithBody } from "./fetch-with-body";
import { buildVendorRequest } from "./request";

/** The catalogue's binary bodies and bodies on GET, on a synthetic operation of another vendor. */
const file = { contentField: "data", typeField: "mediaType", mediaTypes: { "image/png": [0x89, 0x50, 0x4e, 0x47] }, maxBytes: 16 } as const;
const upload = defineOperation({
  vendor: mocdoc,
  name: "upload",
  summary: "upload",
  kind: "write",
  pacingClass: "default",
  route: { method: "POST", path: "/things/{thingId}/files" },
  request: { method: "PUT", path: "/api/things/{input.thingId}", contentType: "application/json", query: ["name"], binaryBody: file },
  input: v.pipe(v.strictObject({ thingId: v.string(), name: v.optional(v.string()), ...binaryFileEntries(file) }), binaryFileCheck(file)),
});
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);
const event = (headers: Record<string, string>, body: string, isBase64Encoded: boolean) => ({ headers, body, isBase64Encoded }) as unknown as HttpEvent;

describe("binary request bodies", () => {
  it("take the raw file or base64 JSON as one input, and refuse other media types with 415", () => {
    const base = { thingId: "t1", name: "a.png" };
    const raw = binaryInputOf(event({ "content-type": "image/png" }, PNG.toString("base64"), true), upload, base, () => ({}));
    expect(raw).toEqual({ ...base, mediaType: "image/png", data: PNG.toString("base64") });
    const json = binaryInputOf(event({ "content-type": "application/json" }, "{}", false), upload, base, () => ({ mediaType: "image/png", data: "x" }));
    expect(json).toEqual({ ...base, mediaType: "image/png", data: "x" });
    expect(() => binaryInputOf(event({ "content-type": "text/plain" }, "hi", false), upload, base, () => ({}))).toThrow(/not accepted/);
  });

  it("check type, size and magic number, and send the bytes with the file's type", () => {
    const ok = v.parse(upload.input, { thingId: "t1", name: "a.png", mediaType: "IMAGE/PNG", data: PNG.toString("base64") });
    const req = buildVendorRequest(upload, ok as Record<string, unknown>, {}, "https://vendor.example");
    expect([req.url, req.headers["Content-Type"], Buffer.from(req.binary!).equals(PNG), req.body]).toEqual(["https://vendor.example/api/things/t1?name=a.png", "image/png", true, undefined]);
    const issues = (input: Record<string, unknown>) => v.safeParse(upload.input, { thingId: "t1", ...input }).issues?.map((i) => i.message);
    expect(issues({ mediaType: "image/png", data: Buffer.from("%PDF-1.4").toString("base64") })).toEqual([expect.stringMatching(/declares/)]);
    expect(issues({ mediaType: "image/png", data: Buffer.concat([PNG, Buffer.alloc(10)]).toString("base64") })).toEqual(["must be at most 16 bytes once decoded"]);
    expect(issues({ mediaType: "image/gif", data: PNG.toString("base64") })).toEqual(["must be one of image/png"]);
  });
});

describe("bodies on GET", () => {
  it("are built when the operation says its vendor wants one, and sent where fetch refuses to", async () => {
    const lookup = defineOperation({
      vendor: mocdoc,
      name: "lookup",
      summary: "lookup",
      kind: "read",
      pacingClass: "default",
      route: { method: "GET", path: "/lookup" },
      request: { method: "GET", path: "/api/lookup", contentType: "application/json", query: [], bodyOnEveryMethod: true },
      input: v.object({ room: v.string() }),
    });
    const req = buildVendorRequest(lookup, { room: "431" }, {}, "http://127.0.0.1:1");
    expect([req.url, req.body]).toEqual(["http://127.0.0.1:1/api/lookup", '{"room":"431"}']);
    await expect(fetch(req.url, { method: "GET", body: req.body })).rejects.toThrow();
    const server = createServer((incoming, res) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (c: Buffer) => chunks.push(c));
      incoming.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ method: incoming.method, got: Buffer.concat(chunks).toString() })));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/lookup`;
      const res = await fetchWithBody(url, { method: "GET", headers: req.headers, body: req.body! });
      expect([res.status, await res.json()]).toEqual([200, { method: "GET", got: '{"room":"431"}' }]);
      // Failures look like fetch's: a TypeError whose cause carries the socket error.
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      const failure = (await fetchWithBody(url, { method: "GET", headers: {}, body: "{}" }).catch((err: unknown) => err)) as TypeError & { cause?: { code?: string } };
      expect([failure instanceof TypeError, failure.cause?.code]).toEqual([true, "ECONNREFUSED"]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
