import { FaultInjector } from "../faults";
import { startSimServer, type RecordedRequest, type SimServer } from "../server";
import { newAccountState, type AccountState, type DocplannerSimAccount } from "./accounts";
import { docplannerAdmin } from "./admin";
import { createApiHandler } from "./api";
import { TokenStore } from "./auth";
import { docplannerContract } from "./contract";
import { toSecond } from "./datetime";
import { dispatch } from "./dispatch";
import { patientBooks as book, type MarketplaceBooking } from "./marketplace";
import { NOTIFICATION_NAMES } from "./notification-data";
import { ERROR_TYPE, errorBody, SUCCESS_TYPE } from "./replies";

export type { DocplannerSimAccount } from "./accounts";

/**
 * Docplanner (Doctoralia) Integrations API simulator, from the vendor's contract 1.14.0 and
 * reference text (../shared/vendor-docs/docplanner-*): OAuth client credentials with expiring
 * tokens, every contract operation on deterministic per-account data, both rate limits with their
 * X-RateLimit-* headers, and notifications pulled or pushed (with the slot-booking approval hook).
 * API at {url}/api/v3/integration, token endpoint at {url}/oauth/v2/token.
 */
export interface DocplannerSimulator {
  url: string;
  port: number;
  faults: FaultInjector;
  requests: RecordedRequest[];
  stats(): { total: number; byStatus: Record<string, number>; rateLimited: number; tokensIssued: number };
  addAccount(a: DocplannerSimAccount): void;
  setPushUrl(clientId: string, url: string | undefined, mode?: "pull" | "push"): void;
  /** Invalidates every token issued to the client so far (the next API call with one gets 401). */
  revokeTokens(clientId: string): void;
  /** Queues a notification (name from the 17 callbacks, data built realistically from the account's data unless given); push-mode accounts get it delivered. Returns the queued notification. */
  notify(clientId: string, name: string, data?: Record<string, unknown>): Promise<{ name: string; data: unknown; created_at: string }>;
  /** A patient books through the marketplace: for push accounts first the `slot-booking` approval hook (our 2xx approves, anything else or no answer within 1 s denies), then `slot-booked` if approved. Resolves with whether it was approved. */
  patientBooks(clientId: string, at?: { facilityId: string; doctorId: string; addressId: string; start?: string }): Promise<{ approved: boolean; bookingId?: string }>;
  /** Ids of the account's facilities → doctors → addresses, for tests to address real resources. */
  ids(clientId: string): { facilityId: string; doctorId: string; addressId: string; addressServiceId: string; bookingId: string; breakId: string; insuranceProviderId: string }[];
  stop(): Promise<void>;
}

type Ids = ReturnType<DocplannerSimulator["ids"]>[number];

function idsOf(state: AccountState, now: number): Ids[] {
  const { world } = state;
  return [...world.facilities.values()].flatMap((facility) =>
    facility.doctorIds.flatMap((doctorId) =>
      world.doctors.get(doctorId)!.addressIds.map((addressId) => {
        const address = world.addresses.get(addressId)!;
        const booking = [...world.bookings.values()]
          .filter((b) => b.addressId === addressId && b.status === "booked" && b.start > now)
          .sort((a, b) => a.start - b.start)[0];
        const firstBreak = [...world.breaks.values()].filter((b) => b.addressId === addressId).sort((a, b) => a.since - b.since)[0];
        return {
          facilityId: facility.id,
          doctorId,
          addressId,
          addressServiceId: [...world.addressServices.values()].find((s) => s.addressId === addressId)?.id ?? "",
          bookingId: booking?.id ?? "",
          breakId: firstBreak?.id ?? "",
          insuranceProviderId: address.insurance.keys().next().value ?? "",
        };
      }),
    ),
  );
}

export async function startDocplannerSimulator(options: { port?: number; accounts: DocplannerSimAccount[]; now?: () => number }): Promise<DocplannerSimulator> {
  const now = options.now ?? Date.now;
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  const accounts = new Map<string, AccountState>();
  const tokens = new TokenStore();
  // Aborted on stop() so pushes in flight do not outlive the simulator.
  const stopping = new AbortController();
  let rateLimited = 0;

  const account = (clientId: string): AccountState => {
    const state = accounts.get(clientId);
    if (!state) throw new Error(`unknown Docplanner simulator client ${clientId}`);
    return state;
  };
  const addAccount = (a: DocplannerSimAccount) => {
    if (accounts.has(a.clientId)) throw new Error(`duplicate Docplanner simulator clientId ${a.clientId}`);
    accounts.set(a.clientId, newAccountState(a, now(), stopping.signal));
  };
  options.accounts.forEach(addAccount);

  // Bound once the server listens; the admin endpoints that read it cannot run before.
  let server: SimServer | undefined;
  const controls = {
    addAccount,
    ids: (clientId: string) => idsOf(account(clientId), now()),
    stats: () => ({ ...server!.stats(), rateLimited, tokensIssued: tokens.issued }),
    setPushUrl(clientId: string, url: string | undefined, mode?: "pull" | "push") {
      const state = account(clientId);
      state.account.pushUrl = url;
      if (mode) state.account.notifications = mode;
    },
    revokeTokens: (clientId: string) => tokens.revoke(account(clientId).account.clientId),
    async notify(clientId: string, name: string, data?: Record<string, unknown>) {
      if (!NOTIFICATION_NAMES.includes(name)) throw new Error(`unknown Docplanner notification ${name}; one of ${NOTIFICATION_NAMES.join(", ")}`);
      return dispatch(account(clientId), name, toSecond(now()), data);
    },
    async patientBooks(clientId: string, at?: MarketplaceBooking) {
      const state = account(clientId);
      return book(state, at ?? idsOf(state, now())[0]!, toSecond(now()));
    },
  };

  server = await startSimServer({
    port: options.port,
    faults,
    requests,
    now,
    errorBody: (_status, message) => errorBody(message),
    contentTypes: { error: ERROR_TYPE, success: SUCCESS_TYPE },
    handle: createApiHandler({ accounts, tokens, contract: docplannerContract(), now, onRateLimited: () => void (rateLimited += 1) }),
    admin: docplannerAdmin(controls),
  });

  return {
    url: server.url,
    port: server.port,
    faults,
    requests,
    ...controls,
    stop: () => {
      stopping.abort();
      return server!.stop();
    },
  };
}
