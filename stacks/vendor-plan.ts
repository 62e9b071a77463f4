import type { AnyOperation } from "@switchboard/core/catalogue";
import { handsOutFiles } from "@switchboard/core/http/binary-response";
import { hasSync } from "@switchboard/functions/entries";
import { pascalCase } from "./names";

/**
 * How a vendor's operations are spread over stacks. CloudFormation allows 500 resources per stack
 * and we keep each under 450. An operation costs 5 (function, log group, API integration, route
 * and the permission for API Gateway to invoke it; the role is shared per stack); the first stack
 * also holds the consumer (function, role, policy, log group, event source, rule, rule permission,
 * SST's SSM parameter), the asynchronous failure queue (queue, its policy, its alarm) and SST's
 * per-stack custom resource handler (function, role): 15 with the shared role and its policy. A
 * vendor with a daily sync adds 12 there: the schedule (function, role, policy, log group, SSM
 * parameter, rule, rule permission) and the backfill route (5, like an operation). 80 operations:
 * 80 × 5 + 15 + 12 = 427. test/infra.test.ts synthesizes that full stack to keep this honest.
 */
export const OPERATIONS_PER_STACK = 80;

export interface VendorStackPlan {
  /** SST stack id: `Mocdoc`, then `Mocdoc2`, `Mocdoc3`… */
  id: string;
  vendor: string;
  operations: AnyOperation[];
  /** The vendor's queue consumer and command rule live in its first stack. */
  consumer: boolean;
  /** So do its daily-sync schedule and backfill route, for a vendor with a sync. */
  sync: boolean;
  /** This stack's functions may hand out files (downloads/{vendor}/): its operations', or, in the first stack, the consumer's jobs. */
  files: boolean;
  /** The vendor's operations store secrets from answers (`storedSecrets`): its functions may write its connections' secrets. */
  storesSecrets: boolean;
}

/**
 * Chunks in catalogue order. The first stack keeps the bare vendor name, so growing past one
 * stack adds a stack instead of renaming (and recreating) the existing one. Append new operations
 * at the end of a catalogue: an operation that moves to another stack would have its route and
 * function created there before the old stack lets go of them, which API Gateway and Lambda refuse.
 */
export function planVendorStacks(vendor: string, operations: AnyOperation[], perStack = OPERATIONS_PER_STACK): VendorStackPlan[] {
  const base = pascalCase(vendor);
  const plans: VendorStackPlan[] = [];
  const storesSecrets = (operations[0]?.vendor.storedSecrets?.length ?? 0) > 0;
  for (let start = 0; start === 0 || start < operations.length; start += perStack) {
    const index = plans.length;
    const chunk = operations.slice(start, start + perStack);
    plans.push({
      id: index === 0 ? base : `${base}${index + 1}`,
      vendor,
      operations: chunk,
      consumer: index === 0,
      sync: index === 0 && hasSync(vendor),
      // The consumer runs any of the vendor's operations as jobs.
      files: (index === 0 ? operations : chunk).some(handsOutFiles),
      storesSecrets,
    });
  }
  return plans;
}
