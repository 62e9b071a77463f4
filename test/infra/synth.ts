import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { App, Function as SstFunction, Stack } from "sst/constructs";
import { initProject } from "sst/project.js";
import type { CfnTemplate } from "./cfn";

/**
 * Synthesizes a Switchboard app offline, the way SST's own construct tests do: initProject finds
 * sst.config.ts from the working directory (vitest runs from the repository root) and, with
 * NODE_ENV=test (set by vitest), App.finish() skips every AWS lookup. The account, which a deploy
 * takes from the caller's credentials, is fixed here.
 *
 * Stacks are marked inactive, as `sst deploy <filter>` does for the stacks it skips: their
 * functions get placeholder code instead of being bundled. Otherwise finish() would run esbuild
 * and, in deploy mode, an `npm install` per function. Everything else — resources, IAM, SST's
 * metadata output with each function's handler, its SSM parameters and id checks — is
 * synthesized exactly as for a deploy. The one thing a deploy's build step also sets is each
 * function's configured runtime (the placeholder has SST's own); that is set here the same way.
 */
export interface SynthesizedStack {
  /** SST stack id, e.g. `Platform`, `Mocdoc`. */
  id: string;
  stackName: string;
  template: CfnTemplate;
}

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

/** SST keeps one project per process; it only needs loading again when the stage changes. */
let projectStage: string | undefined;

export async function synthesize(stage: string, build: (app: App) => void): Promise<SynthesizedStack[]> {
  if (projectStage !== stage) {
    await initProject({ stage });
    projectStage = stage;
  }
  const app = new App({ mode: "deploy", stage, name: "switchboard", region: REGION, account: ACCOUNT, isActiveStack: () => false });
  build(app);
  await app.finish();
  for (const stack of app.node.children.filter((c): c is Stack => c instanceof Stack)) {
    for (const fn of stack.getAllFunctions()) {
      const { runtime } = fn.getConstructMetadata().data;
      if (runtime) (fn.node.defaultChild as CfnFunction).runtime = runtime;
    }
  }
  const prefix = `${stage}-switchboard-`;
  return app.synth().stacks.map((artifact) => ({
    id: artifact.stackName.slice(prefix.length),
    stackName: artifact.stackName,
    template: artifact.template as CfnTemplate,
  }));
}
