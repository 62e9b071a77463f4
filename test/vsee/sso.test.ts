import { DetailType } from "@switchboard/core/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, startTestStack } from "../support/local";
import { addVseeConnection, bodyOf, serviceToken, userToken } from "../support/vsee";

/**
 * Per-user tokens for VSee: one SSO login per user, its token reused for that user's calls (and
 * only theirs), renewed by logging in again before it expires or when VSee refuses it, the user
 * taken from the JWT's sub or named by a back-office service, and carried into commands and jobs.
 */
let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.cleanup());

const sim = () => stack.simulators.vsee;
const since = (before: number) => sim().requests.slice(before);
const tokensSent = (before: number, path = "/api_v3/visits") => since(before).filter((r) => r.path === path).map((r) => r.headers["x-apitoken"]);
const login = (client: ReturnType<typeof apiClient>, connectionId: string, first = "Ada") =>
  client("POST", `/v1/vsee/${connectionId}/users/sso`, { first_name: first, last_name: "Lovelace", type: 200 });

describe("VSee per-user SSO tokens", () => {
  it("logs each user in once and signs that user's calls with their own token", async () => {
    const { account } = await addVseeConnection(stack, { connectionId: "sso-reuse", tenantId: "t1" });
    const ada = apiClient(stack, await userToken(stack, "t1", "user-ada"));
    const bob = apiClient(stack, await userToken(stack, "t1", "user-bob"));
    const adaToken = (await login(ada, "sso-reuse")).json.data.token.token;
    const bobToken = (await login(bob, "sso-reuse", "Bob")).json.data.token.token;
    const before = sim().requests.length;
    for (let i = 0; i < 3; i++) expect((await ada("GET", "/v1/vsee/sso-reuse/visits")).status).toBe(200);
    expect((await bob("GET", "/v1/vsee/sso-reuse/visits")).status).toBe(200);
    expect(tokensSent(before)).toEqual([adaToken, adaToken, adaToken, bobToken]);
    expect(sim().ssoLogins(account.accountCode)).toBe(2);
    expect(sim().user(account.accountCode, "user-ada")?.type).toBe(200);
  });

  it("renews a token about to expire by logging the user in again with the fields VSee requires, before VSee refuses it", async () => {
    const { account } = await addVseeConnection(stack, { connectionId: "sso-expiry", tenantId: "t1", account: { tokenTtlSeconds: 2 } });
    const ada = apiClient(stack, await userToken(stack, "t1", "user-ada"));
    const first = (await ada("POST", "/v1/vsee/sso-expiry/users/sso", { first_name: "Ada", last_name: "Lovelace", dob: "1990-12-10", type: 200, email: "ada@example.org" })).json.data.token.token;
    const before = sim().requests.length;
    expect((await ada("GET", "/v1/vsee/sso-expiry/visits")).status).toBe(200);
    // Past four fifths of its 2 s life: renewed ahead of expiry.
    await new Promise((r) => setTimeout(r, 1700));
    expect((await ada("GET", "/v1/vsee/sso-expiry/visits")).status).toBe(200);
    const [reused, renewed] = tokensSent(before);
    expect(reused).toBe(first);
    expect(renewed).not.toBe(first);
    const relogins = since(before).filter((r) => r.path === "/api_v3/users/sso");
    expect(relogins).toHaveLength(1);
    // The renewal sends what VSee requires (and the type), never the date of birth or email it does not need.
    expect((await bodyOf(relogins[0]!))?.fields).toEqual({ first_name: "Ada", last_name: "Lovelace", type: "200", code: "user-ada" });
    expect(relogins[0]!.headers["x-apikey"]).toBe(account.apiKey);
    expect(since(before).filter((r) => r.status === 401)).toEqual([]);
  });

  it("forgets a token VSee refuses, logs the user in again and retries once", async () => {
    const { account } = await addVseeConnection(stack, { connectionId: "sso-refused", tenantId: "t1" });
    const ada = apiClient(stack, await userToken(stack, "t1", "user-ada"));
    const first = (await login(ada, "sso-refused")).json.data.token.token;
    sim().expireTokens(account.accountCode);
    const before = sim().requests.length;
    expect((await ada("GET", "/v1/vsee/sso-refused/visits")).status).toBe(200);
    expect(since(before).map((r) => [r.path, r.status])).toEqual([
      ["/api_v3/visits", 401],
      ["/api_v3/users/sso", 200],
      ["/api_v3/visits", 200],
    ]);
    const [refused, retried] = tokensSent(before);
    expect(refused).toBe(first);
    expect(retried).not.toBe(first);
  });

  it("answers a typed AUTH error, without calling VSee, for a user who never logged in", async () => {
    await addVseeConnection(stack, { connectionId: "sso-none", tenantId: "t1" });
    const stranger = apiClient(stack, await userToken(stack, "t1", "user-stranger"));
    const before = sim().requests.length;
    const res = await stranger("GET", "/v1/vsee/sso-none/visits");
    expect(res.status).toBe(502);
    expect(res.json).toMatchObject({ vendor: "vsee", operation: "vsee.userToken", code: "AUTH", retryable: false });
    expect(since(before)).toEqual([]);
  });

  it("lets a back-office service act as a user it names, or as the account when it names none; no one else may name a user", async () => {
    const { account } = await addVseeConnection(stack, { connectionId: "sso-backoffice", tenantId: "t1" });
    const ada = apiClient(stack, await userToken(stack, "t1", "user-ada"));
    const adaToken = (await login(ada, "sso-backoffice")).json.data.token.token;
    const service = apiClient(stack, await serviceToken(stack, "t1"));
    const before = sim().requests.length;
    expect((await service("GET", "/v1/vsee/sso-backoffice/visits", undefined, { "x-acting-user": "user-ada" })).status).toBe(200);
    expect((await service("GET", "/v1/vsee/sso-backoffice/visits")).status).toBe(200);
    expect(tokensSent(before)).toEqual([adaToken, account.apiToken]);

    // An app user's token cannot name another user; an operation that needs a user refuses a service naming none.
    const named = await ada("GET", "/v1/vsee/sso-backoffice/visits", undefined, { "x-acting-user": "user-bob" });
    expect(named.status).toBe(403);
    const nobody = await service("GET", "/v1/vsee/sso-backoffice/visits/current");
    expect(nobody.status).toBe(400);
    expect(nobody.json.errors).toEqual([{ path: "X-Acting-User", message: "is required: vsee.getCurrentVisit acts as a user" }]);
    const long = await service("GET", "/v1/vsee/sso-backoffice/visits", undefined, { "x-acting-user": "x".repeat(129) });
    expect(long.status).toBe(400);
    // A caller-supplied code is not a field: nobody logs in as someone else.
    const spoof = await ada("POST", "/v1/vsee/sso-backoffice/users/sso", { first_name: "Ada", last_name: "Lovelace", code: "user-bob" });
    expect(spoof.status).toBe(400);
    expect(spoof.json.errors).toEqual([{ path: "code", message: "is not a known field" }]);
    expect(tokensSent(before).length).toBe(2);
  });

  it("keeps one user's Idempotency-Key replay from answering another user", async () => {
    await addVseeConnection(stack, { connectionId: "sso-idem", tenantId: "t1" });
    const ada = apiClient(stack, await userToken(stack, "t1", "user-ada"));
    const bob = apiClient(stack, await userToken(stack, "t1", "user-bob"));
    await login(ada, "sso-idem");
    await login(bob, "sso-idem", "Bob");
    const intake = { reason_for_visit: "Rash", type: 1 };
    const a = await ada("POST", "/v1/vsee/sso-idem/intakes", intake, { "idempotency-key": "same-key-1" });
    const b = await bob("POST", "/v1/vsee/sso-idem/intakes", intake, { "idempotency-key": "same-key-1" });
    const again = await ada("POST", "/v1/vsee/sso-idem/intakes", intake, { "idempotency-key": "same-key-1" });
    expect(a.json.data.id).not.toBe(b.json.data.id);
    expect(again.json.data.id).toBe(a.json.data.id);
  });

  it("carries the acting user from a command into its job and the vendor call, and rejects a command that needs a user and names none", async () => {
    await addVseeConnection(stack, { connectionId: "sso-command", tenantId: "t1" });
    const ada = apiClient(stack, await userToken(stack, "t1", "user-ada"));
    const adaToken = (await login(ada, "sso-command")).json.data.token.token;
    const before = sim().requests.length;
    stack.bus.put(DetailType.command, { connectionId: "sso-command", operationId: "vsee.createIntake", actingUser: "user-ada", input: { reason_for_visit: "Cough" }, idempotencyKey: "cmd-ada-1" }, "backoffice");
    const done = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.jobSucceeded && e.detail.connectionId === "sso-command");
    expect((done.detail.result as { data: { id: string } }).data.id).toBeTruthy();
    expect(tokensSent(before, "/api_v3/intakes")).toEqual([adaToken]);

    stack.bus.put(DetailType.command, { connectionId: "sso-command", operationId: "vsee.getCurrentVisit", input: {}, idempotencyKey: "cmd-nobody" }, "backoffice");
    const rejected = await stack.bus.waitFor((e) => e["detail-type"] === DetailType.commandRejected && e.detail.idempotencyKey === "cmd-nobody");
    expect(rejected.detail.errors).toEqual([{ path: "detail.actingUser", message: "is required: vsee.getCurrentVisit acts as a user" }]);
  });
});
