import { randomBytes, randomUUID } from "node:crypto";

/**
 * One VSee Clinic account as the simulator keeps it: its admin token and API key, the users SSO
 * created (by code), their tokens (expiring), intakes, visits and the providers' slots.
 */
export interface VseeSimAccount {
  accountCode: string;
  /** The account's admin/app token (X-ApiToken). */
  apiToken: string;
  /** X-ApiKey, for SSO and e-consults. */
  apiKey: string;
  /** How long SSO tokens last; default a day, as VSee's examples. */
  tokenTtlSeconds?: number;
  /** VSee documents no rate limit; the simulator refuses more than this per window (429 + Retry-After). Default unlimited. */
  requestsPerWindow?: number;
  windowMs?: number;
}

export interface SimUser {
  id: string;
  code: string;
  type: number;
  first_name: string;
  last_name: string;
  dob?: string;
  email?: string;
  username: string;
}

export interface SimToken {
  userId: string;
  expiresAt: number;
}

/** A visit as stored; answers render it as each endpoint's example does. */
export interface SimVisit {
  id: string;
  member_id: string;
  provider_id: string;
  type: number;
  status: number;
  start: number;
  end: number;
  created: number;
  modified: number;
  room_code?: string;
  intake_id?: string;
  extra: Record<string, unknown>;
}

export interface VseeAccountState {
  account: VseeSimAccount;
  users: Map<string, SimUser>;
  tokens: Map<string, SimToken>;
  intakes: Map<string, Record<string, unknown>>;
  visits: Map<string, SimVisit>;
  providers: { id: string; first_name: string; last_name: string }[];
  ssoLogins: number;
  window: { start: number; used: number };
  nextId: number;
}

export const newToken = () => randomBytes(16).toString("hex");
export const newUuid = () => randomUUID();

export function newAccountState(account: VseeSimAccount): VseeAccountState {
  return {
    account,
    users: new Map(),
    tokens: new Map(),
    intakes: new Map(),
    visits: new Map(),
    providers: [
      { id: "509", first_name: "Ligeng", last_name: "Doctor" },
      { id: "826", first_name: "Anton", last_name: "Provider" },
    ],
    ssoLogins: 0,
    window: { start: 0, used: 0 },
    nextId: 10_000,
  };
}
