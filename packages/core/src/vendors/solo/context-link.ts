import * as v from "valibot";
import { isoDate } from "../../schemas";
import { packSoloPayload } from "./crypto";
import { text, timestamp } from "./fields";

/**
 * Context-aware linking: `{baseUrl}/integrations/linking?arg=` + URL-encode(the packed payload),
 * the JSON encrypted under SHA-256(linkSecret ‖ salt) with a fresh random salt and IV per link,
 * as the docs recommend. The docs' JSON Schema is the format (their example `{"visit": …,
 * "user": …}` only illustrates the encryption): user, type, visit, date (UTC Unix seconds) and
 * patient {id, sex, dob, firstName, lastName} are required; the schema does not close the object,
 * so further fields pass through.
 */
export const contextLinkEntries = {
  user: text,
  type: v.picklist(["patient", "medicalAssistant", "provider"], "must be patient, medicalAssistant or provider"),
  visit: text,
  date: timestamp,
  patient: v.looseObject({
    id: text,
    sex: v.picklist(["male", "female", "other", "unknown"], "must be male, female, other or unknown"),
    dob: isoDate,
    firstName: text,
    lastName: text,
  }),
};

export function contextLinkUrl(baseUrl: string, secret: string, data: Record<string, unknown>, nonce?: { salt?: Uint8Array; iv?: Uint8Array }): string {
  const arg = packSoloPayload(secret, JSON.stringify(data), nonce);
  return `${baseUrl.replace(/\/$/, "")}/integrations/linking?arg=${encodeURIComponent(arg)}`;
}
