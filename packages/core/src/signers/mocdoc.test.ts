import { describe, expect, it } from "vitest";
import { mocdocAuthHeaders, mocdocSignature, mocdocStringToSign, type MocDocHmac, type MocDocSecretEncoding } from "./mocdoc";

// Vectors computed independently with OpenSSL, e.g. for sha1 + base64:
//   printf 'POST\n\napplication/x-www-form-urlencoded\nFri, 11 May 2018 18:48:36 GMT\n\n/api/locationlist/entitykey' \
//     | openssl dgst -sha1 -mac HMAC -macopt hexkey:$(printf 'secret-key-123' | xxd -p) -binary | base64
// The secret is "c2VjcmV0LWtleS0xMjM=" (base64 of "secret-key-123"): used as-is for utf8, decoded for base64.
const secretKey = "c2VjcmV0LWtleS0xMjM=";
const docsExample = {
  method: "POST",
  contentType: "application/x-www-form-urlencoded",
  date: "Fri, 11 May 2018 18:48:36 GMT",
  path: "/api/locationlist/entitykey",
};
const getExample = {
  method: "GET",
  contentType: "application/json",
  date: "Wed, 09 Aug 2023 12:57:34 GMT",
  path: "/api/locationlist/sathish-kumar-demo",
};

const vectors: Array<[typeof docsExample, MocDocHmac, MocDocSecretEncoding, string]> = [
  [docsExample, "sha1", "utf8", "zDrz6W/IQVJwo/ntTHkX8p00du0="],
  [docsExample, "sha1", "base64", "NKejrSvH0i3JeG3WvftJH3fgLeA="],
  [docsExample, "sha256", "utf8", "F8WclMo2Q3RDUqzjuWtyOyAYIz2P+WzOkE9GpXLrfb0="],
  [docsExample, "sha256", "base64", "+Eg8zsk6007G65TYy48Xo5DSaVkJ0+3zf2YcIjFlQkI="],
  [getExample, "sha1", "utf8", "71TEcQJ3UW8Whm3iYxbV2RTk0ng="],
  [getExample, "sha1", "base64", "4LZxh5dHeuunueD78d4NKu3QapU="],
  [getExample, "sha256", "utf8", "U6CM1wch1uAtXNOakOdnDLazUKfwB3cgqvNrOeCmsiA="],
  [getExample, "sha256", "base64", "HM0o1EYfGGLpqPt26erfbIiYw5b7tj6VbceM0n/yrFQ="],
];

describe("MocDoc signer", () => {
  it("builds the documented String-To-Sign layout", () => {
    expect(mocdocStringToSign("post", docsExample.contentType, docsExample.date, docsExample.path)).toBe(
      "POST\n\napplication/x-www-form-urlencoded\nFri, 11 May 2018 18:48:36 GMT\n\n/api/locationlist/entitykey",
    );
  });

  it.each(vectors)("%#: %s signs with hmac=%s secretEncoding=%s", (req, hmac, secretEncoding, expected) => {
    expect(mocdocSignature({ ...req, accessKey: "AK", secretKey, hmac, secretEncoding })).toBe(expected);
  });

  it("SHA-1 signatures are 28 base64 characters, SHA-256 ones 44", () => {
    const base = { ...docsExample, accessKey: "AK", secretKey, secretEncoding: "utf8" as const };
    expect(mocdocSignature({ ...base, hmac: "sha1" })).toHaveLength(28);
    expect(mocdocSignature({ ...base, hmac: "sha256" })).toHaveLength(44);
  });

  it("puts Date, Content-Type and the MD authorization in the headers", () => {
    const headers = mocdocAuthHeaders({ ...docsExample, accessKey: "my-access", secretKey, hmac: "sha1", secretEncoding: "utf8" });
    expect(headers).toEqual({
      Date: docsExample.date,
      "Content-Type": docsExample.contentType,
      Authorization: "MD my-access:zDrz6W/IQVJwo/ntTHkX8p00du0=",
    });
  });
});
