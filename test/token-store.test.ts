import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { TokenStore } from "@switchboard/core/auth/tokens";
import { dynamoClients } from "@switchboard/core/aws";
import { ensureTable, startDynalite } from "@switchboard/local/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** The shared token cache's conditional writes against a real DynamoDB wire protocol (dynalite). */
const TABLE = "tokens-test";

describe("TokenStore on DynamoDB (dynalite)", () => {
  let dir: string;
  let dynamo: Awaited<ReturnType<typeof startDynalite>>;
  let ddb: DynamoDBDocumentClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tokens-"));
    dynamo = await startDynalite(dir);
    const { client, doc } = dynamoClients({ AWS_REGION: "us-east-1", DYNAMODB_ENDPOINT: dynamo.endpoint });
    await ensureTable(client, TABLE);
    ddb = doc;
  });
  afterAll(async () => {
    await dynamo.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A token endpoint that counts its requests and answers after `delayMs`. */
  function endpoint(lifetimeSeconds = 3600, delayMs = 50) {
    let issued = 0;
    return {
      issued: () => issued,
      fetch: async () => {
        issued += 1;
        await new Promise((r) => setTimeout(r, delayMs));
        return { accessToken: `token-${issued}`, expiresInSeconds: lifetimeSeconds };
      },
    };
  }

  it("makes one token request for 50 concurrent first calls across ten containers", async () => {
    const vendor = endpoint();
    const containers = Array.from({ length: 10 }, () => new TokenStore({ ddb, table: TABLE }));
    const tokens = await Promise.all(Array.from({ length: 50 }, (_, i) => containers[i % 10]!.get("c1", "client", vendor.fetch)));
    expect(vendor.issued()).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(["token-1"]));
    // A new container later reads it from the table, without a request.
    expect(await new TokenStore({ ddb, table: TABLE }).get("c1", "client", vendor.fetch)).toBe("token-1");
    expect(vendor.issued()).toBe(1);
  });

  it("replaces a token before it expires, once, whoever notices first", async () => {
    let clock = 1_000_000_000_000;
    const vendor = endpoint(100);
    const make = () => new TokenStore({ ddb, table: TABLE, now: () => clock });
    expect(await make().get("c2", "client", vendor.fetch)).toBe("token-1");
    clock += 85_000; // 15 s left of 100: within the last fifth, so time to refresh
    const again = await Promise.all(Array.from({ length: 10 }, () => make().get("c2", "client", vendor.fetch)));
    // One caller fetches; the others keep using the old token, still good for 15 s, meanwhile.
    expect(vendor.issued()).toBe(2);
    expect(again).toContain("token-2");
    expect(again.every((t) => t === "token-1" || t === "token-2")).toBe(true);
    expect(await make().get("c2", "client", vendor.fetch)).toBe("token-2");
    clock += 16_000; // past the old token's expiry, well within the new one's life
    expect(await make().get("c2", "client", vendor.fetch)).toBe("token-2");
  });

  it("invalidates a refused token only if it is still the stored one", async () => {
    const vendor = endpoint();
    const a = new TokenStore({ ddb, table: TABLE });
    const b = new TokenStore({ ddb, table: TABLE });
    const first = await a.get("c3", "client", vendor.fetch);
    await a.invalidate("c3", "client", first);
    const second = await b.get("c3", "client", vendor.fetch);
    expect(second).toBe("token-2");
    // A slow caller reporting the old token must not throw away the new one.
    await a.invalidate("c3", "client", first);
    expect(await new TokenStore({ ddb, table: TABLE }).get("c3", "client", vendor.fetch)).toBe("token-2");
    expect(vendor.issued()).toBe(2);
  });

  it("lets the next caller try when a token request fails", async () => {
    let attempts = 0;
    const store = new TokenStore({ ddb, table: TABLE });
    const failing = async () => {
      attempts += 1;
      throw new Error("token endpoint down");
    };
    await expect(store.get("c4", "client", failing)).rejects.toThrow("token endpoint down");
    await expect(store.get("c4", "client", failing)).rejects.toThrow("token endpoint down");
    expect(attempts).toBe(2);
  });

  it("keys tokens by a hash of their name, which may identify a user", () => {
    expect(TokenStore.key("c5", "user-42@example.com")).toMatch(/^TOKEN#c5#[0-9a-f]{32}$/);
  });

  it("stores a token obtained elsewhere for every container, and keeps its renewal fields across refreshes", async () => {
    const a = new TokenStore({ ddb, table: TABLE });
    await a.put("c-put", "user:u1", { accessToken: "login-token", expiresInSeconds: 3600, renewal: { first_name: "A", type: "200" } });
    const seen: unknown[] = [];
    const fetch = async (previous: unknown) => {
      seen.push(previous);
      return { accessToken: "renewed", expiresInSeconds: 3600 };
    };
    expect(await new TokenStore({ ddb, table: TABLE }).get("c-put", "user:u1", fetch)).toBe("login-token");
    await a.invalidate("c-put", "user:u1", "login-token");
    expect(await new TokenStore({ ddb, table: TABLE }).get("c-put", "user:u1", fetch)).toBe("renewed");
    expect(seen).toEqual([expect.objectContaining({ accessToken: "login-token", renewal: { first_name: "A", type: "200" } })]);
    await a.invalidate("c-put", "user:u1", "renewed");
    await new TokenStore({ ddb, table: TABLE }).get("c-put", "user:u1", fetch);
    expect(seen[1]).toMatchObject({ accessToken: "renewed", renewal: { first_name: "A", type: "200" } });
  });
});
