import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions, type Metafile } from "esbuild";

/**
 * Bundles one Lambda entry the way SST v2 deploys it: its ESM defaults (bundle, node platform,
 * `module` before `main`, keepNames, minify, the createRequire banner, a source map beside a
 * written bundle) plus the `nodejs` bundling options stacks/functions.ts sets. Used by the bundle
 * benchmark and the test that keeps each operation's bundle to its own catalogue entry.
 *
 * The ways of treating AWS SDK v3 (which the nodejs22.x runtime also ships) that the benchmark
 * compares (bench/results.json, `functions`):
 * - "external": `@aws-sdk/*` left to the runtime's copy, resolved from node_modules file by file
 *   (deployed until now);
 * - "bundled": the SDK bundled, minified and tree-shaken into the one file;
 * - "split" (deployed): bundled, and code-split, so the clients a function imports on first use
 *   (SQS, S3, EventBridge, Secrets Manager) are chunks it reads only when it uses them (one file
 *   would have V8 compile them all at init); and source maps without the sources' text, which
 *   --enable-source-maps would otherwise read and parse at init (stack traces need only the
 *   mappings).
 */
export interface Bundling {
  sdk: "external" | "bundled";
  splitting: boolean;
  /** Whether source maps embed the sources' text (esbuild's default). */
  sourcesContent: boolean;
}

export const BUNDLINGS = {
  external: { sdk: "external", splitting: false, sourcesContent: true },
  bundled: { sdk: "bundled", splitting: false, sourcesContent: true },
  split: { sdk: "bundled", splitting: true, sourcesContent: false },
} as const satisfies Record<string, Bundling>;

export type BundlingName = keyof typeof BUNDLINGS;

export const DEPLOYED_BUNDLING: BundlingName = "split";

/** The `nodejs` options stacks/functions.ts sets for a bundling (a test keeps the two equal). */
export function sstNodejsOptions(bundling: Bundling): { splitting?: boolean; esbuild: { target: string; external?: string[]; sourcesContent?: boolean } } {
  const esbuild = {
    ...(bundling.sdk === "external" ? { external: ["@aws-sdk/*"] } : {}),
    target: "node22",
    ...(bundling.sourcesContent ? {} : { sourcesContent: false }),
  };
  return bundling.splitting ? { splitting: true, esbuild } : { esbuild };
}

export const functionsDir = fileURLToPath(new URL(".", import.meta.url));

/**
 * Bundles `entry`. With `outfile` the entry is written there (its chunks and source maps beside
 * it); without, `code` is every JavaScript output, entry and chunks.
 */
const COMMON = {
  bundle: true,
  minify: true,
  keepNames: true,
  format: "esm",
  platform: "node",
  mainFields: ["module", "main"],
  metafile: true,
  logLevel: "silent",
  // Some dependencies are CommonJS; an ESM bundle needs `require` for them.
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
} as const satisfies BuildOptions;

export async function bundleEntry(entry: string, outfile?: string, bundling: Bundling = BUNDLINGS[DEPLOYED_BUNDLING]): Promise<{ code: string; metafile: Metafile }> {
  const { splitting, esbuild } = sstNodejsOptions(bundling);
  const target = outfile ?? join(functionsDir, "bundle.mjs");
  const options: BuildOptions = {
    ...COMMON,
    entryPoints: [join(functionsDir, entry)],
    ...(splitting ? { splitting, outdir: dirname(target), outExtension: { ".js": ".mjs" } } : { outfile: target }),
    write: outfile !== undefined,
    sourcemap: outfile !== undefined,
    ...esbuild,
  };
  const result = await build(options);
  const code = (result.outputFiles ?? []).filter((f) => f.path.endsWith(".mjs")).map((f) => f.text).join("\n");
  return { code, metafile: result.metafile! };
}

/**
 * Bundles many entries in one build, as `bundleEntry` would each (the deployed bundling), and
 * answers each entry's code: its output and every chunk it reaches. Code splitting keeps in an
 * entry's chunks only what that entry reaches, so the answer is what its own bundle would hold;
 * one build parses the shared modules once instead of once per entry.
 */
export async function bundleEntries(entries: string[]): Promise<Map<string, string>> {
  const { esbuild } = sstNodejsOptions(BUNDLINGS[DEPLOYED_BUNDLING]);
  const result = await build({
    entryPoints: entries.map((entry) => join(functionsDir, entry)),
    splitting: true,
    outdir: join(functionsDir, ".bundles"),
    outExtension: { ".js": ".mjs" },
    write: false,
    ...COMMON,
    ...esbuild,
  });
  const text = new Map((result.outputFiles ?? []).map((f) => [f.path, f.text]));
  const outputs = result.metafile!.outputs;
  const absolute = (output: string) => join(process.cwd(), output);
  const reached = (output: string, seen: Set<string>): Set<string> => {
    if (seen.has(output)) return seen;
    seen.add(output);
    for (const imported of outputs[output]?.imports ?? []) if (!imported.external) reached(imported.path, seen);
    return seen;
  };
  const codes = new Map<string, string>();
  for (const [output, meta] of Object.entries(outputs)) {
    if (!meta.entryPoint || !output.endsWith(".mjs")) continue;
    const entry = entries.find((e) => join(functionsDir, e) === absolute(meta.entryPoint!));
    if (entry) codes.set(entry, [...reached(output, new Set())].map((o) => text.get(absolute(o)) ?? "").join("\n"));
  }
  return codes;
}
