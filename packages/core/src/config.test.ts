import { describe, expect, it } from "vitest";
import { loadConfig } from "./config";

describe("runtime configuration", () => {
  it("applies defaults and converts numbers", () => {
    const config = loadConfig({ TABLE_NAME: "switchboard-prod", READ_WAIT_BUDGET_MS: "2500" });
    expect(config).toMatchObject({ STAGE: "local", TABLE_NAME: "switchboard-prod", READ_WAIT_BUDGET_MS: 2500, WRITE_WAIT_BUDGET_MS: 10_000, EVENTS_BACKEND: "aws", TENANT_CLAIM: "tenant" });
  });

  it("names every invalid setting in one clear message", () => {
    expect(() => loadConfig({ READ_WAIT_BUDGET_MS: "-5", EVENTS_BACKEND: "kafka" })).toThrow(
      /Invalid Switchboard configuration: TABLE_NAME: is required; EVENTS_BACKEND: must be "aws" or "local"; READ_WAIT_BUDGET_MS: must be a whole number/,
    );
  });
});
