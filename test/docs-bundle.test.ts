import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { useFunctions, type FunctionCopyFilesProps } from "sst/constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS_PATHS, SWAGGER_UI_FILES } from "@switchboard/core/docs-page";
import { bundleEntry } from "@switchboard/functions/bundle";
import { lambdaContext, type LambdaHandler } from "@switchboard/local/lambda-context";
import sstConfig from "../sst.config";
import { handlerFor } from "./infra/expectations";
import { synthesize } from "./infra/synth";

/**
 * The docs function as deployed: its entry bundled the way SST bundles it, at the path SST puts it
 * (packages/functions/src/docs.mjs in the artifact), with the files the synthesized stack's
 * function copies (SST's copyFiles, which the template does not show) laid out beside it, in a
 * folder outside the repository so nothing resolves from its node_modules.
 */
const root = process.cwd();
let artifacts: string;
let copyFiles: FunctionCopyFilesProps[];

async function artifact(name: string, files: FunctionCopyFilesProps[]): Promise<string> {
  const dir = join(artifacts, name);
  const entry = join(dir, "packages/functions/src/docs.mjs");
  await mkdir(dirname(entry), { recursive: true });
  await bundleEntry("docs.ts", entry);
  for (const file of files) await cp(join(root, file.from), join(dir, file.to ?? file.from), { recursive: true });
  return pathToFileURL(entry).href;
}

beforeAll(async () => {
  artifacts = await mkdtemp(join(tmpdir(), "switchboard-docs-bundle-"));
  await synthesize("test", (app) => void sstConfig.stacks(app));
  const docs = Object.values(useFunctions().all).filter((props) => props.handler === handlerFor("docs.ts"));
  expect(docs).toHaveLength(1);
  copyFiles = docs[0]!.copyFiles ?? [];
}, 120_000);
afterAll(() => rm(artifacts, { recursive: true, force: true }));

describe("the deployed docs function", () => {
  it("serves the page and every file from its bundle and the files the stack copies into it", async () => {
    expect(copyFiles.map((f) => f.to)).toEqual(expect.arrayContaining(Object.keys(SWAGGER_UI_FILES).map((name) => `node_modules/swagger-ui-dist/${name}`)));
    const { handler } = (await import(await artifact("with-files", copyFiles))) as { handler: LambdaHandler };
    const invoke = (asset?: string) =>
      handler(
        { rawPath: asset ? `/docs/${asset}` : DOCS_PATHS[0], headers: {}, ...(asset && { pathParameters: { asset } }), requestContext: { requestId: "r" } },
        lambdaContext("switchboard-test-docs", 10_000),
      ) as Promise<{ statusCode: number; body: string; isBase64Encoded?: boolean }>;
    expect((await invoke()).statusCode).toBe(200);
    for (const name of Object.keys(SWAGGER_UI_FILES)) {
      const res = await invoke(name);
      expect([name, res.statusCode]).toEqual([name, 200]);
      const served = Buffer.from(res.body, res.isBase64Encoded ? "base64" : "utf8");
      expect(served.equals(await readFile(join(root, "node_modules/swagger-ui-dist", name))), name).toBe(true);
    }
  }, 120_000);

  it("cannot start without them: the copied files are what it serves", async () => {
    await expect(import(await artifact("without-files", []))).rejects.toThrow(/swagger-ui-dist/);
  }, 120_000);
});
