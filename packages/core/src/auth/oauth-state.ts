import { createHmac, timingSafeEqual } from "node:crypto";
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { isConditionFailed } from "../records";

/**
 * The `state` of an OAuth 2.0 authorization request (RFC 6749 §10.12): signed, expiring and single
 * use. `base64url(JSON payload) "." base64url(HMAC-SHA256(payload part, key))`, the key being the
 * connection's own (a generated secret). The payload names the connection, so the callback knows
 * whose key to check with; the nonce is remembered in the table until the callback consumes it,
 * so a state is good once.
 */
export interface OAuthState {
  connectionId: string;
  nonce: string;
  /** ms since epoch. */
  expiresAt: number;
}

const mac = (payloadPart: string, key: string) => createHmac("sha256", key).update(payloadPart).digest();

export function signState(state: OAuthState, key: string): string {
  const payloadPart = Buffer.from(JSON.stringify({ c: state.connectionId, n: state.nonce, e: state.expiresAt })).toString("base64url");
  return `${payloadPart}.${mac(payloadPart, key).toString("base64url")}`;
}

/** The payload of a state, not yet verified (to find the key to verify it with), or undefined. */
export function readState(state: string): OAuthState | undefined {
  const [payloadPart, macPart, ...rest] = state.split(".");
  if (!payloadPart || !macPart || rest.length) return undefined;
  try {
    const p = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8")) as { c?: unknown; n?: unknown; e?: unknown };
    if (typeof p.c !== "string" || typeof p.n !== "string" || typeof p.e !== "number") return undefined;
    return { connectionId: p.c, nonce: p.n, expiresAt: p.e };
  } catch {
    return undefined;
  }
}

/** Whether `state` carries the HMAC `key` makes of its payload, compared in constant time. */
export function stateSignedWith(state: string, key: string): boolean {
  const [payloadPart = "", macPart = ""] = state.split(".");
  const given = Buffer.from(macPart, "base64url");
  const expected = mac(payloadPart, key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Nonces of states handed out and not yet used. */
export class OAuthStates {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private static key(nonce: string) {
    return `OAUTHSTATE#${nonce}`;
  }

  async remember(state: OAuthState): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: OAuthStates.key(state.nonce), type: "oauth-state", connectionId: state.connectionId, ttl: Math.ceil(state.expiresAt / 1000) },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  /** True the first time, for the connection the state was made for; false ever after. */
  async consume(state: OAuthState): Promise<boolean> {
    try {
      await this.ddb.send(
        new DeleteCommand({
          TableName: this.table,
          Key: { pk: OAuthStates.key(state.nonce) },
          ConditionExpression: "attribute_exists(pk) AND connectionId = :connection",
          ExpressionAttributeValues: { ":connection": state.connectionId },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw err;
    }
  }
}
