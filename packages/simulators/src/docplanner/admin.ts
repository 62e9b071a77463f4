import type { SimReply, SimRequest } from "../server";
import type { DocplannerSimAccount } from "./accounts";
import type { DocplannerSimulator } from "./index";

/**
 * The simulator's own controls over HTTP, under /__sim/docplanner, for the local stack and tests
 * in another process: add an account, read its ids, raise a notification, make a patient book,
 * revoke tokens, point pushes elsewhere. Bodies are JSON; answers too.
 */
const PREFIX = "/__sim/docplanner";

type Controls = Pick<DocplannerSimulator, "addAccount" | "ids" | "notify" | "patientBooks" | "revokeTokens" | "setPushUrl" | "stats">;

const json = (status: number, body: unknown): SimReply => ({ status, body });

function fields(req: SimRequest): Record<string, unknown> {
  const parsed: unknown = req.body.length ? JSON.parse(req.body.toString("utf8")) : {};
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("body must be a JSON object");
  return parsed as Record<string, unknown>;
}

const text = (value: unknown, name: string): string => {
  if (typeof value !== "string" || value === "") throw new Error(`${name} must be a non-empty string`);
  return value;
};

async function serve(controls: Controls, req: SimRequest): Promise<SimReply | undefined> {
  const body = () => fields(req);
  switch (`${req.method} ${req.path.slice(PREFIX.length)}`) {
    case "POST /accounts": {
      const account = body();
      text(account.clientId, "clientId");
      text(account.clientSecret, "clientSecret");
      controls.addAccount(account as unknown as DocplannerSimAccount);
      return json(204, undefined);
    }
    case "GET /ids":
      return json(200, controls.ids(text(req.query.get("clientId"), "clientId")));
    case "GET /stats":
      return json(200, controls.stats());
    case "POST /notifications": {
      const b = body();
      return json(200, await controls.notify(text(b.clientId, "clientId"), text(b.name, "name"), b.data as Record<string, unknown> | undefined));
    }
    case "POST /bookings": {
      const { clientId, ...at } = body();
      const place = at.addressId === undefined ? undefined : (at as { facilityId: string; doctorId: string; addressId: string; start?: string });
      return json(200, await controls.patientBooks(text(clientId, "clientId"), place));
    }
    case "POST /revoke":
      controls.revokeTokens(text(body().clientId, "clientId"));
      return json(204, undefined);
    case "PUT /push": {
      const b = body();
      controls.setPushUrl(text(b.clientId, "clientId"), b.url as string | undefined, b.mode as "pull" | "push" | undefined);
      return json(204, undefined);
    }
    default:
      return undefined;
  }
}

export function docplannerAdmin(controls: Controls) {
  return async (req: SimRequest): Promise<SimReply | undefined> => {
    if (!req.path.startsWith(`${PREFIX}/`)) return undefined;
    try {
      return await serve(controls, req);
    } catch (err) {
      return json(400, { error: (err as Error).message });
    }
  };
}
