/**
 * HL7 v2 escaping of one data value for the standard encoding characters `|^~\&` (HL7 v2.4 §2.7).
 * Each character is replaced in a single pass, so the escape character's own `\E\` is never
 * re-escaped. CR and LF become hexadecimal escapes rather than `\.br\`: `\.br\` is only defined
 * for formatted-text fields and loses the CR/LF distinction, while `\Xhh\` is defined for every
 * data type and round-trips exactly. Either way a value can never end a segment early.
 */
const ESCAPES: Record<string, string> = {
  "\\": "\\E\\",
  "|": "\\F\\",
  "^": "\\S\\",
  "~": "\\R\\",
  "&": "\\T\\",
  "\r": "\\X0D\\",
  "\n": "\\X0A\\",
};

const SPECIAL = /[\\|^~&\r\n]/g;

export function escapeHl7(value: string): string {
  return value.replace(SPECIAL, (c) => ESCAPES[c] ?? c);
}
