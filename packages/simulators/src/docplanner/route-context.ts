import type { SimReply } from "../server";
import type { AccountState } from "./accounts";

/** What a route handler gets: the caller's account and the request, already checked against the contract. */
export interface RouteContext {
  state: AccountState;
  /** Decoded path parameters, by the contract's names. */
  params: Record<string, string>;
  /** Checked query parameters: strings, integers, or arrays for style=simple lists. */
  query: Record<string, unknown>;
  /** The `with` expansions asked for (already checked against the endpoint's enum). */
  with: ReadonlySet<string>;
  /** The JSON body, checked against the contract's request schema; {} when none was sent. */
  body: Record<string, unknown>;
  /** The request's path relative to the API base, and its raw query (for links). */
  path: string;
  rawQuery: URLSearchParams;
  now: number;
  /** Whether another account owns a resource with this id: Docplanner answers 403 rather than 404. */
  elsewhere(kind: "facility" | "doctor" | "address", id: string): boolean;
}

/** Handlers answer or throw ApiError; they run synchronously, so a request's checks and writes cannot interleave. */
export type RouteHandler = (ctx: RouteContext) => SimReply;

/** Handlers by the contract's operationId. */
export type RouteTable = Record<string, RouteHandler>;
