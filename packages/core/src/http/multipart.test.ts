import { describe, expect, it } from "vitest";
import { encodeMultipart } from "./multipart";

/** Our encoder against undici's multipart parser (Response.formData), an implementation not ours. */
const parse = async ({ body, contentType }: { body: string; contentType: string }) => {
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  return [...form.entries()].map(([name, value]) => [name, String(value)]);
};

describe("multipart/form-data bodies", () => {
  it("encode each field as a part another parser reads back, numbers, booleans and JSON as text", async () => {
    const encoded = encodeMultipart({ provider_id: 826, reason_for_visit: "Rash, red eyes\r\n2 weeks — ça va", reset: true, meta: { a: [1, 2] }, skipped: undefined });
    expect(encoded.contentType).toMatch(/^multipart\/form-data; boundary=----switchboard[0-9a-f]{48}$/);
    expect(await parse(encoded)).toEqual([
      ["provider_id", "826"],
      ["reason_for_visit", "Rash, red eyes\r\n2 weeks — ça va"],
      ["reset", "true"],
      ["meta", '{"a":[1,2]}'],
    ]);
  });

  it("lays parts out as RFC 7578 and curl's -F do", () => {
    const { body } = encodeMultipart({ id: "14" }, () => "B");
    expect(body).toBe('--B\r\nContent-Disposition: form-data; name="id"\r\n\r\n14\r\n--B--\r\n');
  });

  it("draws another boundary when a value contains the first", () => {
    const draws = ["XYZ", "QQQ"];
    const { contentType, body } = encodeMultipart({ note: "contains --XYZ inside" }, () => draws.shift()!);
    expect(contentType).toBe("multipart/form-data; boundary=QQQ");
    expect(body.startsWith("--QQQ\r\n")).toBe(true);
  });

  it("percent-encodes quotes and line breaks in names, as browsers do, so a parser reads the name back", async () => {
    const encoded = encodeMultipart({ 'a"b\nc': "v" });
    expect(encoded.body).toContain('name="a%22b%0Ac"');
    expect(await parse(encoded)).toEqual([['a"b\nc', "v"]]);
  });

  it("encodes no fields as an empty multipart body", async () => {
    expect(await parse(encodeMultipart({}))).toEqual([]);
  });
});
