import { ContractClient } from "./contract-client";
import { startDocplannerSimulator, type DocplannerSimAccount, type DocplannerSimulator } from "./index";

/**
 * For tests: a simulator on a clock the test moves (Monday 2 March 2026, 08:00 CET unless told),
 * with two accounts and contract-checking clients for them.
 */
export const MONDAY_8AM = Date.parse("2026-03-02T08:00:00+01:00");

export const MAIN: DocplannerSimAccount = { clientId: "clinic-main", clientSecret: "main-secret", seed: 11 };
export const OTHER: DocplannerSimAccount = { clientId: "clinic-other", clientSecret: "other-secret", seed: 12 };

export type Ids = ReturnType<DocplannerSimulator["ids"]>[number];

export interface Fixture {
  sim: DocplannerSimulator;
  clock: { now: number };
  advance(ms: number): void;
  client: ContractClient;
  otherClient: ContractClient;
  ids: Ids[];
  first: Ids;
  /** Path parameters of an address, for ContractClient.call. */
  at(ids: Ids, extra?: Record<string, string>): Record<string, string>;
}

export async function startFixture(accounts: DocplannerSimAccount[] = [MAIN, OTHER], start = MONDAY_8AM): Promise<Fixture> {
  const clock = { now: start };
  const sim = await startDocplannerSimulator({ accounts, now: () => clock.now });
  const [main, other] = [accounts[0]!, accounts[1] ?? accounts[0]!];
  const ids = sim.ids(main.clientId);
  return {
    sim,
    clock,
    advance: (ms) => void (clock.now += ms),
    client: new ContractClient(sim, main),
    otherClient: new ContractClient(sim, other),
    ids,
    first: ids[0]!,
    at: (i, extra = {}) => ({ facility_id: i.facilityId, doctor_id: i.doctorId, address_id: i.addressId, ...extra }),
  };
}
