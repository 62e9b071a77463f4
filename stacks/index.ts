import * as cxapi from "aws-cdk-lib/cx-api";
import type { App } from "sst/constructs";
import type { AnyOperation } from "@switchboard/core/catalogue";
import { catalogues } from "@switchboard/core/vendors/index";
import { apiStack } from "./Api";
import { stageConfig } from "./config";
import { defaultFunctionProps } from "./functions";
import { platformStack } from "./Platform";
import { vendorStack } from "./Vendor";
import { planVendorStacks } from "./vendor-plan";

/**
 * Every stack of a stage, derived from the operation catalogues: Platform (state), Api (the HTTP
 * API and the platform routes), then one stack per vendor (or per chunk of a large vendor).
 * sst.config.ts calls it with the real catalogues; tests pass synthetic ones of full size.
 */
export function switchboard(app: App, catalogue: Record<string, AnyOperation[]> = catalogues): void {
  const config = stageConfig(app.stage);
  // S3 server access logs are granted by bucket policy (the log bucket has ACLs disabled), as
  // CDK does for new projects; without the flag CDK would set a log-delivery ACL.
  app.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
  // Before any stack: SST copies the app's defaults into each stack when the stack is created.
  app.setDefaultFunctionProps(defaultFunctionProps(app.stage, config));

  const vendors = Object.keys(catalogue);
  const platform = platformStack(vendors, config);
  const api = apiStack(platform, vendors, config);
  app.stack(platform, { id: "Platform" }).stack(api, { id: "Api" });

  for (const [vendor, operations] of Object.entries(catalogue)) {
    for (const plan of planVendorStacks(vendor, operations)) app.stack(vendorStack(plan, { platform, api, config }), { id: plan.id });
  }
}
