#!/usr/bin/env node
// The `switchboard` CLI: runs the TypeScript sources directly through tsx.
import { register } from "tsx/esm/api";

// Lambda runs Node 22; this warning is about the local Node 20 and is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
register();
const { main } = await import("../packages/local/src/cli.ts");
process.exitCode = await main(process.argv.slice(2));
