import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { jwtVerify, SignJWT, type JWTPayload } from "jose";

/**
 * The local stand-in for the identity provider: an HS256 key generated on first use and kept in
 * the state directory (0600). The local API verifies tokens as API Gateway's JWT authorizer
 * would: signature, issuer, audience and expiry.
 */
export interface DevAuth {
  issuer: string;
  audience: string;
  key: string;
}

export const DEV_ISSUER = "https://switchboard.local/dev";
export const DEV_AUDIENCE = "switchboard-api";

export async function loadDevAuth(file: string): Promise<DevAuth> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as DevAuth;
  } catch {
    const auth: DevAuth = { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, key: randomBytes(32).toString("base64url") };
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, JSON.stringify(auth, null, 2), { mode: 0o600 });
    return auth;
  }
}

const secretOf = (auth: DevAuth) => new TextEncoder().encode(auth.key);

export async function issueToken(auth: DevAuth, tenant: string, opts: { subject?: string; ttlSeconds?: number; scope?: string } = {}): Promise<string> {
  return new SignJWT({ tenant, ...(opts.scope && { scope: opts.scope }) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(auth.issuer)
    .setAudience(auth.audience)
    .setSubject(opts.subject ?? `dev:${tenant}`)
    .setIssuedAt()
    .setExpirationTime(`${opts.ttlSeconds ?? 12 * 3600}s`)
    .sign(secretOf(auth));
}

/** Verified claims, or undefined for a missing, forged, expired or foreign token. */
export async function verifyToken(auth: DevAuth, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, secretOf(auth), { issuer: auth.issuer, audience: auth.audience, algorithms: ["HS256"] });
    return payload;
  } catch {
    return undefined;
  }
}
