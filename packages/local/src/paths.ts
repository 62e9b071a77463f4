import { resolve } from "node:path";

/** Where the local stack keeps its state (survives restarts; git-ignored). */
export function localPaths(dataDir = process.env.SWITCHBOARD_HOME ?? ".switchboard") {
  const root = resolve(dataDir);
  return {
    root,
    dynamodb: resolve(root, "dynamodb"),
    secrets: resolve(root, "secrets"),
    archive: resolve(root, "archive"),
    devAuth: resolve(root, "dev-auth.json"),
    runtime: resolve(root, "local.json"),
    sandbox: resolve(root, "sandbox-accounts.json"),
    events: resolve(root, "events.jsonl"),
  };
}

export type LocalPaths = ReturnType<typeof localPaths>;
