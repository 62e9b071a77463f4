import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

/**
 * Bundles one Lambda entry the way it is deployed (esbuild, ESM, minified, `@aws-sdk/*` external
 * because the nodejs22.x runtime provides SDK v3). Used by the bundle benchmark and the test that
 * keeps each operation's bundle to its own catalogue entry.
 */
export const functionsDir = fileURLToPath(new URL(".", import.meta.url));

export async function bundleEntry(entry: string, outfile?: string): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [join(functionsDir, entry)],
    outfile: outfile ?? "bundle.mjs",
    write: outfile !== undefined,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    external: ["@aws-sdk/*"],
    metafile: true,
    logLevel: "silent",
    // Some dependencies are CommonJS; an ESM bundle needs `require` for them.
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  });
  const code = outfile ? "" : (result.outputFiles?.[0]?.text ?? "");
  return { code, metafile: result.metafile };
}
