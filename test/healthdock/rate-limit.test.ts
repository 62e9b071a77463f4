import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addHealthdockConnection } from "../support/healthdock";
import { apiClient, startTestStack } from "../support/local";

/**
 * `all=true` paced by HealthDock's own X-RateLimit headers (Reset in epoch seconds): when a
 * page's answer says the budget is spent, the next page waits for the reset instead of running
 * into a 429; when another client spent it first, the 429's Reset says how long to wait.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.cleanup());

const sim = () => stack.simulators.healthdock;

describe("HealthDock rate limits", () => {
  it("holds the next page until X-RateLimit-Reset once Remaining is 0, so HealthDock never answers 429", async () => {
    // Four requests per two-second window; our own budget is far larger, so only the headers hold us.
    const { account } = await addHealthdockConnection(stack, { connectionId: "hd-paced", tenantId: "t1", account: { rateLimit: 4, windowMs: 2000 } });
    const api = apiClient(stack, await stack.token("t1"));
    const before = sim().requests.length;
    const res = await api("GET", "/v1/healthdock/hd-paced/patients?limit=5&all=true");
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ pages: 5, total: 25 });
    const sent = sim().requests.slice(before).filter((r) => r.headers.authorization === `Bearer ${account.apiKey}`);
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(sim().stats().rateLimited).toBe(0);
    // Every request a window's fifth would have been sent into waited for that window's reset.
    const windows = sent.map((r) => Math.floor(r.receivedAt / 2000));
    for (const w of new Set(windows)) expect(windows.filter((x) => x === w).length).toBeLessThanOrEqual(4);
  });

  it("waits out a 429 another client caused until its Reset, then succeeds", async () => {
    const { account } = await addHealthdockConnection(stack, { connectionId: "hd-shared", tenantId: "t1", account: { rateLimit: 2, windowMs: 2000 } });
    // Another client of the account spends the window.
    for (let i = 0; i < 3; i++) await fetch(`${sim().url}/v1/patients`, { headers: { authorization: `Bearer ${account.apiKey}` } });
    const api = apiClient(stack, await stack.token("t1"));
    const before = sim().requests.length;
    const started = Date.now();
    const res = await api("GET", "/v1/healthdock/hd-shared/patients?limit=5");
    expect(res.status, res.text).toBe(200);
    const sent = sim().requests.slice(before);
    const last = sent.at(-1)!;
    expect(last.status).toBe(200);
    // The retry went out in the next window, not before.
    expect(Math.floor(last.receivedAt / 2000)).toBeGreaterThan(Math.floor(started / 2000));
    expect(sent.filter((r) => r.status === 429).length).toBeLessThanOrEqual(1);
  });
});
