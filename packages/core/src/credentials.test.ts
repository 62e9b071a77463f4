import { CreateSecretCommand, PutSecretValueCommand, ResourceExistsException, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { SecretsManagerCredentials } from "./credentials";
import { keyAlias } from "./naming";

/** A Secrets Manager client that records what it is sent; the named secrets already exist. */
function recordingClient(existing: string[] = []) {
  const sent: (CreateSecretCommand | PutSecretValueCommand)[] = [];
  const client = {
    send: async (command: CreateSecretCommand | PutSecretValueCommand) => {
      sent.push(command);
      if (command instanceof CreateSecretCommand && existing.includes(command.input.Name!)) {
        throw new ResourceExistsException({ message: "exists", $metadata: {} });
      }
      return {};
    },
  } as unknown as SecretsManagerClient;
  return { client, sent };
}

describe("Secrets Manager credentials", () => {
  it("creates a connection's secret encrypted with the stage key", async () => {
    const { client, sent } = recordingClient();
    await new SecretsManagerCredentials(300, keyAlias("prod"), client).put("switchboard/prod/mocdoc/c1", { accessKey: "K" });
    expect(sent.map((c) => [c.constructor.name, c.input])).toEqual([
      ["CreateSecretCommand", { Name: "switchboard/prod/mocdoc/c1", SecretString: '{"accessKey":"K"}', KmsKeyId: "alias/switchboard-prod" }],
    ]);
  });

  it("updates an existing secret's value under the key it already has", async () => {
    const { client, sent } = recordingClient(["switchboard/prod/mocdoc/c1"]);
    await new SecretsManagerCredentials(300, keyAlias("prod"), client).put("switchboard/prod/mocdoc/c1", { accessKey: "K2" });
    expect(sent.map((c) => c.constructor.name)).toEqual(["CreateSecretCommand", "PutSecretValueCommand"]);
    expect(sent[1]!.input).toEqual({ SecretId: "switchboard/prod/mocdoc/c1", SecretString: '{"accessKey":"K2"}' });
  });
});
