import { createHash } from "node:crypto";
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * FHIR ids for vendor records: opaque, stable, and round-tripping to the record they came from,
 * within FHIR's `[A-Za-z0-9\-\.]{1,64}`. An id is `{v}{payload}`:
 *
 * - `1…`: the record's key parts, joined and written in base64 over FHIR's own 64-character
 *   alphabet (A–Z a–z 0–9 - .), when that fits and the parts carry nothing about a patient.
 * - `3…`: the same parts packed (numbers as varints, text with its length), for keys of many
 *   numeric ids that would not fit joined; the shorter of the two forms is used.
 * - `2…`: a hash of the parts, with the parts kept in the table (`FHIRID#…`): for keys too long
 *   to fit, and for keys that contain patient data (MocDoc finds a patient by id and mobile
 *   number), which must not travel in URLs.
 *
 * Ids are per connection: the facade's URLs name the connection, and the hash covers it.
 */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.";
const SEPARATOR = "\u001f";
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

function encode(bytes: Buffer): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 1 >= bytes.length ? 2 : i + 2 >= bytes.length ? 3 : 4;
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

function decode(text: string): Buffer | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    if (chunk.length === 1) return undefined;
    let n = 0;
    for (let c = 0; c < 4; c++) {
      const value = c < chunk.length ? ALPHABET.indexOf(chunk[c]!) : 0;
      if (value < 0) return undefined;
      n = (n << 6) | value;
    }
    bytes.push((n >> 16) & 255);
    if (chunk.length > 2) bytes.push((n >> 8) & 255);
    if (chunk.length > 3) bytes.push(n & 255);
  }
  return Buffer.from(bytes);
}

const CANONICAL_NUMBER = /^(0|[1-9]\d{0,14})$/;

/** Parts as bytes: a number (no leading zeros, up to 15 digits) as 0 + LEB128, anything else as 1 + length + UTF-8. */
function pack(parts: readonly string[]): Buffer | undefined {
  const bytes: number[] = [];
  for (const part of parts) {
    if (CANONICAL_NUMBER.test(part)) {
      bytes.push(0);
      let n = BigInt(part);
      do {
        const low = Number(n & 0x7fn);
        n >>= 7n;
        bytes.push(n > 0n ? low | 0x80 : low);
      } while (n > 0n);
    } else {
      const text = Buffer.from(part, "utf8");
      if (text.length > 255) return undefined;
      bytes.push(1, text.length, ...text);
    }
  }
  return Buffer.from(bytes);
}

function unpack(bytes: Buffer): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i++];
    if (tag === 0) {
      let n = 0n;
      let shift = 0n;
      for (;;) {
        if (i >= bytes.length) return undefined;
        const b = bytes[i++]!;
        n |= BigInt(b & 0x7f) << shift;
        shift += 7n;
        if (!(b & 0x80)) break;
      }
      parts.push(n.toString());
    } else if (tag === 1) {
      const length = bytes[i++];
      if (length === undefined || i + length > bytes.length) return undefined;
      parts.push(bytes.subarray(i, i + length).toString("utf8"));
      i += length;
    } else return undefined;
  }
  return parts;
}

/** The inline form of these parts (the shorter of joined and packed), or undefined when neither fits in 64 characters. */
export function inlineId(parts: readonly string[]): string | undefined {
  const joined = `1${encode(Buffer.from(parts.join(SEPARATOR), "utf8"))}`;
  const packed = pack(parts);
  const compact = packed ? `3${encode(packed)}` : undefined;
  const id = compact && compact.length < joined.length ? compact : joined;
  return id.length <= 64 ? id : undefined;
}

/** The parts of an inline id; undefined for anything else. */
export function inlineParts(id: string): string[] | undefined {
  if (!FHIR_ID.test(id) || !(id.startsWith("1") || id.startsWith("3"))) return undefined;
  const bytes = decode(id.slice(1));
  if (!bytes) return undefined;
  const parts = id.startsWith("1") ? bytes.toString("utf8").split(SEPARATOR) : unpack(bytes);
  // Only the canonical form of its parts is an id of ours.
  return parts && inlineId(parts) === id ? parts : undefined;
}

export function hashedId(connectionId: string, kind: string, parts: readonly string[]): string {
  return `2${createHash("sha256").update([connectionId, kind, ...parts].join(SEPARATOR)).digest("hex").slice(0, 40)}`;
}

/**
 * Mints and resolves a connection's ids. `sensitive` kinds always take the table-backed form;
 * the others are inline unless too long.
 */
export class FhirIds {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly connectionId: string,
  ) {}

  private static key(id: string) {
    return `FHIRID#${id}`;
  }

  async mint(kind: string, parts: readonly string[], sensitive = false): Promise<string> {
    const inline = sensitive ? undefined : inlineId([kind, ...parts]);
    if (inline) return inline;
    const id = hashedId(this.connectionId, kind, parts);
    await this.ddb.send(new PutCommand({ TableName: this.table, Item: { pk: FhirIds.key(id), type: "fhir-id", connectionId: this.connectionId, kind, parts } }));
    return id;
  }

  /** The record key an id names, if it is one of this connection's ids of `kind`. */
  async resolve(kind: string, id: string): Promise<string[] | undefined> {
    const inline = inlineParts(id);
    if (inline) return inline[0] === kind ? inline.slice(1) : undefined;
    if (!/^2[0-9a-f]{40}$/.test(id)) return undefined;
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { pk: FhirIds.key(id) } }));
    const item = out.Item;
    return item && item.connectionId === this.connectionId && item.kind === kind ? (item.parts as string[]) : undefined;
  }
}
