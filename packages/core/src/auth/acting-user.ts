import type { ActingUser, AnyOperation } from "../catalogue";
import { RequestError, ValidationError } from "../errors";
import { headerOf, type HttpEvent } from "../http/event";

/**
 * Who an operation that signs as a vendor user (`actsAs`) acts as, and who may say so:
 *
 * - An app user's token: the user is the token's `sub`. Nobody else can be named.
 * - A back-office service's token, one that carries the scope `ACTING_USER_SCOPE` (default
 *   `switchboard/act-as-user`, granted to service clients by the identity provider): the user it
 *   names in the `X-Acting-User` header, or, naming none, no user (the connection's own
 *   credentials; refused for operations that need a user). Its own `sub` is a client, not a user.
 * - A token without that scope that names a user: 403, before anything else happens.
 * - A `switchboard.command` names the user in `actingUser`: commands come from our own AWS
 *   services on our bus, as trusted as the back office.
 * - A job acts as the user of the request or command that created it.
 *
 * The tenant rule applies to every caller first: the token's tenant owns the connection. A user
 * code is 1 to 128 printable ASCII characters without spaces (VSee's `code` takes 128).
 */
export const ACTING_USER_HEADER = "X-Acting-User";

const USER_CODE = /^[\x21-\x7e]{1,128}$/;

/** The scopes of a verified token: `scope` (RFC 8693, space-separated) or `scp` (a list; API Gateway renders lists as `[a b]`). */
export function scopesOf(claims: Record<string, unknown>): string[] {
  const raw = [claims.scope, claims.scp].flatMap((value) => (Array.isArray(value) ? value : typeof value === "string" ? [value] : []));
  return raw.flatMap((value) => String(value).replace(/^\[|\]$/g, "").split(/[\s,]+/)).filter(Boolean);
}

/** The acting user an operation gets, checked against what it needs; `source` names the field in a refusal. */
export function actingUser(op: AnyOperation, code: string | undefined, source: string): ActingUser | undefined {
  if (!op.actsAs) return undefined;
  if (code === undefined || code === "") {
    if (op.actsAs === "user") throw new ValidationError([{ path: source, message: `is required: ${op.id} acts as a user` }]);
    return undefined;
  }
  if (!USER_CODE.test(code)) throw new ValidationError([{ path: source, message: "must be 1 to 128 printable characters without spaces" }]);
  return { code };
}

/** The user an HTTP request names (rules above), before any operation checks it: `source` names where it came from. */
export interface RequestedUser {
  code?: string;
  source: string;
}

export function requestedUser(event: HttpEvent, serviceScope: string): RequestedUser {
  const claims = event.requestContext.authorizer?.jwt?.claims ?? {};
  const named = headerOf(event, ACTING_USER_HEADER);
  const service = scopesOf(claims).includes(serviceScope);
  if (named !== undefined && !service) {
    throw new RequestError(403, "Forbidden", `Only a back-office service (a token with the ${serviceScope} scope) may name the user in ${ACTING_USER_HEADER}`);
  }
  if (service) return { ...(named !== undefined && { code: named }), source: ACTING_USER_HEADER };
  return { ...(typeof claims.sub === "string" && { code: claims.sub }), source: "sub" };
}

/** The acting user of an HTTP request for `op` (rules above). */
export function actingUserOfRequest(op: AnyOperation, event: HttpEvent, serviceScope: string): ActingUser | undefined {
  const { code, source } = requestedUser(event, serviceScope);
  return actingUser(op, code, source);
}
