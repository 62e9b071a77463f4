import { isStrictBase64 } from "@switchboard/core/schemas";
import { invalid, ok, text, validationError, type MocDocBody } from "./checks";
import type { MocDocRouteContext } from "./routes";

/**
 * Visit and patient images (`imagecontent` as base64). MocDoc refuses a name already used for the
 * same visit or patient, with the docs' wording; names are remembered per account.
 */
export const IMAGE_MISSED_FIELDS = "Please provide are all the Required field";
export const IMAGE_NAME_TAKEN = "name already exist please change the file name..!";

export function addImage(kind: "visit" | "patient", keyField: "Visitkey" | "Patientkey") {
  return ({ state, fields }: MocDocRouteContext): MocDocBody => {
    const key = text(fields[keyField]);
    const imagename = text(fields.imagename);
    if (!isStrictBase64(text(fields.imagecontent))) return validationError("Invalid imagecontent");
    const names = state.images.get(`${kind}:${key}`) ?? new Set<string>();
    if (names.has(imagename)) return invalid(IMAGE_NAME_TAKEN);
    names.add(imagename);
    state.images.set(`${kind}:${key}`, names);
    const imagekey = `${state.account.entityKey}_${kind}img_${[...state.images.values()].reduce((n, s) => n + s.size, 0)}`;
    return ok({ patientdoc: [{ imagekey, [keyField]: key, imagename }] });
  };
}
