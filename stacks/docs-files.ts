import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import type { FunctionCopyFilesProps } from "sst/constructs";
import { SWAGGER_UI_FILES, SWAGGER_UI_PACKAGE } from "@switchboard/core/docs-page";

/**
 * The docs function serves Swagger UI's files, which esbuild cannot bundle (they are not imported),
 * so they are copied into the function's bundle at node_modules/swagger-ui-dist/, where Node finds
 * the package from the entry as it does from the sources (packages/core/src/docs-page.ts). Its
 * package.json comes along: that is what resolves. `root` is the project root (sst.config.ts's folder).
 */
export function docsCopyFiles(root: string): FunctionCopyFilesProps[] {
  const manifest = createRequire(import.meta.url).resolve(`${SWAGGER_UI_PACKAGE}/package.json`);
  const from = relative(root, dirname(manifest));
  return ["package.json", ...Object.keys(SWAGGER_UI_FILES)].map((name) => ({ from: join(from, name), to: join("node_modules", SWAGGER_UI_PACKAGE, name) }));
}
