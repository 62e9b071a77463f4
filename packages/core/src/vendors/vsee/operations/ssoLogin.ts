import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { email, nonEmpty } from "../../../schemas";
import { dob, flag, userType } from "../fields";
import { renewalOf, ssoToken, userTokenName } from "../sso";
import { vsee } from "../vendor";

/**
 * POST /users/sso, multipart (VSee's SSO curl uses `-F`), with X-AccountCode and X-ApiKey: logs a
 * patient (200), provider (400) or guest (600) in, creating the VSee user on first use. Fields as
 * the notes and VSee's User API list them (first_name and last_name required there); `code` is
 * never the caller's to set: it is the acting user (our JWT's `sub`, or the user a back-office
 * service names), so nobody logs in as someone else. The answer (the user, and `data.token` for
 * VSee's portal redirect) goes back to the caller, and the token is kept for this user's calls.
 * SSO maps the same code to the same user, so sending it twice is safe.
 */
export const ssoLogin = defineOperation({
  vendor: vsee,
  name: "ssoLogin",
  summary: "Log the acting user in to VSee (SSO) and keep their token for their calls",
  kind: "write",
  idempotent: true,
  pacingClass: "default",
  actsAs: "user",
  route: { method: "POST", path: "/users/sso" },
  request: { method: "POST", path: "/users/sso", contentType: "multipart/form-data", userCodeField: "code" },
  input: v.strictObject({
    first_name: nonEmpty,
    last_name: nonEmpty,
    dob: v.optional(dob),
    type: v.optional(userType),
    email: v.optional(email),
    username: v.optional(nonEmpty),
    disable_emails: v.optional(flag),
  }),
  example: { first_name: "John", last_name: "Smith", dob: "1990-01-01", type: 200 },
  afterSuccess: async (result, { deps, connection, input, user }) => {
    const issued = ssoToken(result, Date.now());
    if (issued && user) await deps.tokens.put(connection.connectionId, userTokenName(user.code), { ...issued, renewal: renewalOf(input) });
    return result;
  },
});
