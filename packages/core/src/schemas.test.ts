import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { base64DecodedBytes, base64Image, imageMatchesName, imageName, imageUploadObject, isStrictBase64, MAX_IMAGE_BYTES, sniffImageType } from "./schemas";
import { issuesOf } from "./validation";

const b64 = (bytes: number[] | Buffer) => Buffer.from(bytes).toString("base64");
const JPEG = b64([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const PNG = b64([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]);
const PDF = b64(Buffer.from("%PDF-1.7\n%âãÏÓ\n"));
const GIF = b64(Buffer.from("GIF89a\x01\x00"));

const errors = (schema: v.GenericSchema, input: unknown) => {
  const r = v.safeParse(schema, input);
  return r.success ? [] : issuesOf(r.issues);
};

describe("strict base64", () => {
  it.each([
    ["", false],
    ["QQ==", true],
    ["QUI=", true],
    ["QUJD", true],
    ["QR==", false], // unused bits set: not the canonical encoding of any bytes
    ["QUJ=", false],
    ["QQ=", false], // not padded to a multiple of 4
    ["QQ", false],
    ["Q===", false],
    ["QQ==QQ==", false], // padding in the middle
    ["QU JD", false],
    ["QUJD\n", false],
    ["QU-_", false], // URL-safe alphabet
    ["data:image/png;base64,QUJD", false],
  ])("%j → %s", (text, valid) => {
    expect(isStrictBase64(text)).toBe(valid);
    if (valid) expect(Buffer.from(text, "base64").toString("base64")).toBe(text);
  });

  it("measures the decoded size without decoding", () => {
    for (const n of [1, 2, 3, 4, 100, 1001]) expect(base64DecodedBytes(b64(Buffer.alloc(n)))).toBe(n);
  });
});

describe("base64Image", () => {
  it("accepts JPEG, PNG and PDF content and knows which it is", () => {
    expect([JPEG, PNG, PDF].map(sniffImageType)).toEqual(["jpeg", "png", "pdf"]);
    for (const content of [JPEG, PNG, PDF]) expect(errors(base64Image, content)).toEqual([]);
  });

  it("refuses other types, bad base64 (once) and content over 5 MiB", () => {
    expect(errors(base64Image, GIF)).toEqual([{ path: "(root)", message: "must be a JPEG, PNG or PDF file" }]);
    expect(errors(base64Image, "%%%")).toEqual([{ path: "(root)", message: "must be base64 (standard alphabet, padded, no whitespace)" }]);
    const big = Buffer.alloc(MAX_IMAGE_BYTES + 1);
    big.set([0x89, 0x50, 0x4e, 0x47]);
    expect(errors(base64Image, b64(big))).toEqual([{ path: "(root)", message: "must be at most 5242880 bytes (5 MiB) once decoded" }]);
    expect(errors(base64Image, b64(big.subarray(0, MAX_IMAGE_BYTES)))).toEqual([]);
  });

  it("checks names: a stem and a jpg/jpeg/png/pdf extension, no path", () => {
    for (const name of ["a.jpg", "X-Ray 2.JPEG", "scan.png", "report.final.pdf"]) expect(errors(imageName, name)).toEqual([]);
    for (const name of [".png", "  .png", "scan.gif", "scan", "../etc/x.png", "dir\\x.png", "x\n.png", `${"a".repeat(200)}.png`]) {
      expect(errors(imageName, name), name).not.toEqual([]);
    }
  });

  it("matches the content's magic number to the name's extension", () => {
    expect(imageMatchesName("a.jpg", JPEG)).toBe(true);
    expect(imageMatchesName("a.JPEG", JPEG)).toBe(true);
    expect(imageMatchesName("a.png", PNG)).toBe(true);
    expect(imageMatchesName("a.pdf", PDF)).toBe(true);
    expect(imageMatchesName("a.png", JPEG)).toBe(false);
    expect(imageMatchesName("a.pdf", PNG)).toBe(false);
    expect(imageMatchesName("a.gif", GIF)).toBe(false);
  });

  it("imageUploadObject reports a mismatch on imagecontent, and only once the fields are valid", () => {
    const upload = imageUploadObject({ Visitkey: v.string() });
    expect(errors(upload, { Visitkey: "v1", imagename: "a.png", imagecontent: PNG })).toEqual([]);
    expect(errors(upload, { Visitkey: "v1", imagename: "a.pdf", imagecontent: PNG })).toEqual([
      { path: "imagecontent", message: "must be a file of the type imagename's extension names (JPEG, PNG or PDF)" },
    ]);
    expect(errors(upload, { Visitkey: "v1", imagename: "a.gif", imagecontent: PNG }).map((e) => e.path)).toEqual(["imagename"]);
    expect(errors(upload, { Visitkey: "v1", imagename: "a.png", imagecontent: PNG, extra: 1 }).map((e) => e.path)).toEqual(["extra"]);
  });

  it("never echoes the content in its issues", () => {
    const content = b64(Buffer.from("GIF89a secret patient scan"));
    expect(JSON.stringify(errors(base64Image, content))).not.toContain(content.slice(0, 12));
  });
});
