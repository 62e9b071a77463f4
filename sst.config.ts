import type { SSTConfig } from "sst";
import { switchboard } from "./stacks/index";

/**
 * `npx sst deploy --stage NAME` (see docs/deploy.md). The stacks come from the operation
 * catalogues; stacks/index.ts is shared with the offline infrastructure tests.
 */
export default {
  config(input) {
    return { name: "switchboard", region: input.region ?? process.env.AWS_REGION ?? "us-east-1" };
  },
  stacks(app) {
    switchboard(app);
  },
} satisfies SSTConfig;
