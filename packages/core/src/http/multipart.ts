import { randomBytes } from "node:crypto";

/**
 * `multipart/form-data` bodies (RFC 7578), as curl's `-F name=value` sends them: one part per
 * field, `Content-Disposition: form-data; name="…"`, text values as UTF-8 without a part
 * Content-Type. Values encode as they do in our form-urlencoded bodies: strings as given, numbers
 * and booleans as text, objects and arrays as JSON. Names are our schemas' field names; a quote,
 * CR or LF in one is percent-encoded, as browsers do (WHATWG HTML's multipart encoding).
 */
export interface MultipartBody {
  body: string;
  /** `multipart/form-data; boundary=…`, for the request's Content-Type header. */
  contentType: string;
}

const fieldValue = (value: unknown) => (typeof value === "object" && value !== null ? JSON.stringify(value) : String(value));
const escapeName = (name: string) => name.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/** A boundary that occurs in no value (RFC 2046 §5.1.1): 24 random bytes, drawn again in the unlikely event. */
function boundaryFor(values: string[], draw: () => string): string {
  for (;;) {
    const boundary = draw();
    if (!values.some((value) => value.includes(boundary))) return boundary;
  }
}

export function encodeMultipart(fields: Record<string, unknown>, draw: () => string = () => `----switchboard${randomBytes(24).toString("hex")}`): MultipartBody {
  const entries = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => [name, fieldValue(value)] as const);
  const boundary = boundaryFor(
    entries.map(([, value]) => value),
    draw,
  );
  const parts = entries.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}
