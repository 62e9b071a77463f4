import { escapeHl7 } from "./escape";

/** One field: a value, or its components in order. Undefined is an empty value. */
export type Field = string | undefined | readonly (string | undefined)[];

/** Fields by their HL7 position (PID-3 is key 3), so builders read like the spec tables. */
export type Fields = Readonly<Partial<Record<number, Field>>>;

/** The encoding characters MSH-2 declares; escape.ts escapes data for exactly these. */
export const ENCODING_CHARACTERS = "^~\\&";

function encodeField(field: Field): string {
  if (field === undefined || typeof field === "string") return escapeHl7(field ?? "");
  const text = field.map((component) => escapeHl7(component ?? "")).join("^");
  // Components with no value at all are an empty field, not a run of `^`.
  return /^\^*$/.test(text) ? "" : text;
}

/** Positions `from` up to the last non-empty one, encoded; gaps become empty fields. */
function encodeFields(fields: Fields, from: number): string[] {
  const encoded = new Map<number, string>();
  for (const [key, field] of Object.entries(fields)) encoded.set(Number(key), encodeField(field));
  const last = Math.max(from - 1, ...[...encoded].filter(([, text]) => text !== "").map(([position]) => position));
  return Array.from({ length: last - from + 1 }, (_, i) => encoded.get(from + i) ?? "");
}

export function segment(name: string, fields: Fields): string {
  return [name, ...encodeFields(fields, 1)].join("|");
}

/** MSH-1 is the field separator itself and MSH-2 the raw encoding characters; data starts at MSH-3. */
export function mshSegment(fields: Fields): string {
  return ["MSH", ENCODING_CHARACTERS, ...encodeFields(fields, 3)].join("|");
}
