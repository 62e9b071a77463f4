import type { SimHandler, SimReply, SimRequest } from "../server";
import type { AccountState } from "./accounts";
import { TOKEN_PATH, tokenEndpoint, unauthorized, type TokenStore } from "./auth";
import type { ContractValidators } from "./contract";
import { toSecond } from "./datetime";
import { API_BASE } from "./links";
import { ApiError, failure, MESSAGES } from "./replies";
import { checkRequest } from "./request-checks";
import { compileRoutes, matchRoute } from "./router";
import { bookSlotRoutes } from "./routes/book-slot";
import { bookingRoutes } from "./routes/bookings";
import { calendarRoutes } from "./routes/calendar";
import { facilityRoutes } from "./routes/facilities";
import { insuranceRoutes } from "./routes/insurance";
import { notificationRoutes } from "./routes/notifications";
import { serviceRoutes } from "./routes/services";
import { slotRoutes } from "./routes/slots";
import type { RouteContext } from "./route-context";

/**
 * The request pipeline behind the shared server: the token endpoint, or for the API a valid Bearer
 * token, then the account's rate limit (counted on arrival; its headers go on every answer), then
 * the contract's route, parameter and body checks, then the handler.
 */
export interface ApiDependencies {
  accounts: Map<string, AccountState>;
  tokens: TokenStore;
  contract: ContractValidators;
  now: () => number;
  onRateLimited(): void;
}

const HANDLERS = { ...facilityRoutes, ...serviceRoutes, ...insuranceRoutes, ...calendarRoutes, ...slotRoutes, ...bookSlotRoutes, ...bookingRoutes, ...notificationRoutes };

export function createApiHandler(deps: ApiDependencies): SimHandler {
  const routes = compileRoutes(deps.contract.contract.operations, HANDLERS);

  const elsewhere = (self: AccountState) => (kind: "facility" | "doctor" | "address", id: string) => {
    const maps = { facility: "facilities", doctor: "doctors", address: "addresses" } as const;
    return [...deps.accounts.values()].some((other) => other !== self && other.world[maps[kind]].has(id));
  };

  const route = (req: SimRequest, state: AccountState): SimReply => {
    const path = req.path.slice(API_BASE.length);
    const found = matchRoute(routes, req.method, path);
    if (!found) return failure(404, MESSAGES.objectNotFound);
    if ("allowed" in found) return failure(405, "Method Not Allowed", [], { Allow: found.allowed.join(", ") });
    try {
      const checked = checkRequest(deps.contract, found.route.operation, found.raw, req);
      const ctx: RouteContext = { state, ...checked, path, rawQuery: req.query, now: toSecond(deps.now()), elsewhere: elsewhere(state) };
      return found.route.handle(ctx);
    } catch (err) {
      if (err instanceof ApiError) return failure(err.status, err.message, err.errors);
      throw err;
    }
  };

  return (req) => {
    if (req.path === TOKEN_PATH) return tokenEndpoint(req, deps.accounts, deps.tokens, req.receivedAt);
    if (!req.path.startsWith(`${API_BASE}/`)) return failure(404, MESSAGES.objectNotFound);

    const auth = deps.tokens.check(typeof req.headers.authorization === "string" ? req.headers.authorization : undefined, req.receivedAt);
    if ("problem" in auth) return unauthorized(auth.problem);
    const state = deps.accounts.get(auth.clientId)!;

    const verdict = state.limiter?.take(req.method, req.receivedAt);
    if (verdict && !verdict.allowed) {
      deps.onRateLimited();
      return failure(429, "Too many requests", [], verdict.headers);
    }
    const reply = route(req, state);
    return { ...reply, headers: { ...reply.headers, ...verdict?.headers } };
  };
}
