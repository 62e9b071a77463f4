import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { Stack } from "sst/constructs";
import { keyAlias } from "@switchboard/core/naming";
import { isProductionStage } from "./config";

/**
 * The stage's one customer-managed key, rotated yearly: the table, the archive, every queue and
 * dead-letter queue, the alarms topic, the log groups, the backup vault and the connections'
 * secrets are encrypted with it. The account's IAM policies decide who may use it (the key
 * policy trusts the account, CDK's default), so each function's role names this key and no other.
 * The AWS services that write encrypted data on our behalf, without a role of ours, are allowed
 * here, each only for this account's resources.
 */
export function stageKey(stack: Stack): Key {
  const production = isProductionStage(stack.stage);
  const key = new Key(stack, "Key", {
    alias: keyAlias(stack.stage),
    description: `Switchboard ${stack.stage}: table, archive, queues, alarms topic, logs, backups and secrets`,
    enableKeyRotation: true,
    // Data encrypted with a deleted key is lost with it: production keeps the key, other stages
    // schedule its deletion with the shortest waiting period.
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(production ? 30 : 7),
  });
  // CloudWatch Logs encrypts the log groups itself; the encryption context names the log group.
  key.addToResourcePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      resources: ["*"],
      conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
    }),
  );
  // Alarms publish to the encrypted topic, EventBridge delivers to it and to the encrypted
  // dead-letter queues: the statement AWS documents for both. They use the key only when
  // writing to those resources, whose own policies decide who may publish or send.
  key.addToResourcePolicy(
    new PolicyStatement({
      effect: Effect.ALLOW,
      principals: [new ServicePrincipal("cloudwatch.amazonaws.com"), new ServicePrincipal("events.amazonaws.com")],
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: ["*"],
    }),
  );
  return key;
}
