import type { ContractOperation } from "./contract";
import type { RouteHandler, RouteTable } from "./route-context";

/**
 * Routes come from the contract: every operation's path template becomes a matcher, and every
 * operation must have a handler (and every handler an operation), or the simulator refuses to start.
 */
export interface Route {
  operation: ContractOperation;
  pattern: RegExp;
  names: string[];
  handle: RouteHandler;
}

export function compileRoutes(operations: readonly ContractOperation[], handlers: RouteTable): Route[] {
  const missing = operations.filter((op) => !handlers[op.operationId]).map((op) => op.operationId);
  const unknown = Object.keys(handlers).filter((id) => !operations.some((op) => op.operationId === id));
  if (missing.length || unknown.length) throw new Error(`Docplanner routes out of step with the contract: missing ${missing.join(", ")}; unknown ${unknown.join(", ")}`);
  return operations.map((operation) => {
    const names: string[] = [];
    const source = operation.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { operation, pattern: new RegExp(`^${source}$`), names, handle: handlers[operation.operationId]! };
  });
}

export type Match = { route: Route; raw: Record<string, string> } | { allowed: string[] } | undefined;

/** The route for a method and path; `allowed` when the path exists under other methods only. */
export function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  const onPath = routes.filter((r) => r.pattern.test(path));
  const route = onPath.find((r) => r.operation.method === method);
  if (!route) return onPath.length ? { allowed: onPath.map((r) => r.operation.method) } : undefined;
  const values = route.pattern.exec(path)!.slice(1);
  return { route, raw: Object.fromEntries(route.names.map((name, i) => [name, values[i]!])) };
}
