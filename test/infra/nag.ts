import { Aspects } from "aws-cdk-lib";
import { AwsSolutionsChecks, HIPAASecurityChecks, type INagLogger, type NagLoggerErrorData, type NagLoggerNonComplianceData, type NagLoggerSuppressedData } from "cdk-nag";
import type { IConstruct } from "constructs";

/** One cdk-nag result, with the path of the resource it is about. */
export interface NagFinding {
  pack: string;
  rule: string;
  level: string;
  path: string;
  findingId: string;
  /** The suppression's reason, for a suppressed finding; the rule's error, for a rule that failed to run. */
  detail?: string;
}

/** Collects every finding instead of (only) writing annotations, so a test can list them. */
export class NagCollector implements INagLogger {
  readonly unsuppressed: NagFinding[] = [];
  readonly suppressed: NagFinding[] = [];
  readonly errors: NagFinding[] = [];

  private static finding(data: NagLoggerNonComplianceData | NagLoggerErrorData, detail?: string): NagFinding {
    return {
      pack: data.nagPackName,
      rule: data.ruleId,
      level: data.ruleLevel,
      path: data.resource.node.path,
      findingId: "findingId" in data ? data.findingId : "",
      ...(detail !== undefined && { detail }),
    };
  }

  onNonCompliance(data: NagLoggerNonComplianceData): void {
    this.unsuppressed.push(NagCollector.finding(data));
  }
  onSuppressed(data: NagLoggerSuppressedData): void {
    this.suppressed.push(NagCollector.finding(data, data.suppressionReason));
  }
  onError(data: NagLoggerErrorData): void {
    this.errors.push(NagCollector.finding(data, data.errorMessage));
  }
  onSuppressedError(): void {}
  onCompliance(): void {}
  onNotApplicable(): void {}
}

/** Applies AWS's HIPAA Security and AWS Solutions packs to `scope` (run when the app synthesizes). */
export function applyNagPacks(scope: IConstruct): NagCollector {
  const collector = new NagCollector();
  const props = { reports: false, additionalLoggers: [collector] };
  Aspects.of(scope).add(new HIPAASecurityChecks(props));
  Aspects.of(scope).add(new AwsSolutionsChecks(props));
  return collector;
}
