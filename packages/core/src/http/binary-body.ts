import * as v from "valibot";
import type { AnyOperation } from "../catalogue";
import { RequestError } from "../errors";
import { base64DecodedBytes, isStrictBase64 } from "../schemas";
import type { HttpEvent } from "./event";

/**
 * Files as request bodies (Solo's appointment attachments): a catalogue capability, declared by an
 * operation's `request.binaryBody`.
 *
 * - On our side the file arrives as the raw request body with its own Content-Type (API Gateway
 *   hands binary bodies over base64-encoded), or as JSON with the base64 content and its media type
 *   in two input fields. Both become the same input, so validation, idempotency and jobs see one shape.
 * - The checks: the declared media type is one of `mediaTypes`, the content is strict base64 of at
 *   most `maxBytes`, and its bytes start with the magic number of the declared type — a PNG declared
 *   as a PDF is refused, whatever its name says.
 * - Towards the vendor the decoded bytes are the body, with the declared type as Content-Type
 *   (http/request.ts).
 *
 * Never log these values: the logger redacts the whole input.
 */
export interface BinaryBodySpec {
  /** The input field with the file's base64 content. */
  contentField: string;
  /** The input field with its media type. */
  typeField: string;
  /** Accepted media types, each with the bytes its files start with. */
  mediaTypes: Record<string, readonly number[]>;
  maxBytes: number;
}

const mediaTypeOf = (contentType: string | undefined) => (contentType?.split(";")[0] ?? "").trim().toLowerCase();

/** The two input fields of a binary body, for an operation's input schema; `binaryFileCheck` checks them together. */
export function binaryFileEntries<const S extends BinaryBodySpec>(spec: S) {
  const types = Object.keys(spec.mediaTypes);
  return {
    [spec.typeField]: v.pipe(
      v.string(),
      v.transform((t: string) => mediaTypeOf(t)),
      v.check((t: string) => types.includes(t), `must be one of ${types.join(", ")}`),
    ),
    [spec.contentField]: v.pipe(
      v.string(),
      v.check(isStrictBase64, "must be base64 (standard alphabet, padded, no whitespace)"),
      v.check((s) => !isStrictBase64(s) || base64DecodedBytes(s) <= spec.maxBytes, `must be at most ${spec.maxBytes} bytes once decoded`),
    ),
  } as unknown as Record<S["contentField"] | S["typeField"], v.GenericSchema<unknown, string>>;
}

/** The file's bytes start with its declared type's magic number (reported on the content field). */
export function binaryFileCheck<T extends Record<string, unknown>>(spec: BinaryBodySpec) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const fields = dataset.value as Record<string, unknown>;
    const type = fields[spec.typeField] as string;
    const content = fields[spec.contentField] as string;
    const magic = spec.mediaTypes[type];
    if (!magic || !isStrictBase64(content)) return;
    const head = Buffer.from(content.slice(0, 8), "base64");
    if (magic.every((byte, i) => head[i] === byte)) return;
    addIssue({
      message: `must be a file of the type ${spec.typeField} declares (its content does not start like a ${type} file)`,
      path: [{ type: "object", origin: "value", input: fields, key: spec.contentField, value: content }],
    });
  });
}

/** What a binary-body route accepts, for 415 answers and the OpenAPI document. */
export const binaryMediaTypes = (op: AnyOperation): string[] => Object.keys(op.request.binaryBody?.mediaTypes ?? {});

/**
 * The input of a binary-body route: a JSON body as usual (`json` parses it), or the raw file as
 * the body with its Content-Type, whose bytes become the content field. Any other media type is a 415.
 */
export function binaryInputOf(event: HttpEvent, op: AnyOperation, base: Record<string, unknown>, json: () => Record<string, unknown>): Record<string, unknown> {
  const spec = op.request.binaryBody as BinaryBodySpec;
  const type = mediaTypeOf(event.headers?.["content-type"]);
  if (!event.body || type === "application/json") return { ...json(), ...base };
  if (!(type in spec.mediaTypes)) {
    const accepted = ["application/json", ...binaryMediaTypes(op)];
    throw new RequestError(415, "Unsupported Media Type", `${type ? `Content-Type ${type.slice(0, 100)} is not accepted` : "A body needs a Content-Type"}; send ${accepted.join(", ")}`, { accepted });
  }
  const content = event.isBase64Encoded ? event.body : Buffer.from(event.body, "utf8").toString("base64");
  return { ...base, [spec.typeField]: type, [spec.contentField]: content };
}
