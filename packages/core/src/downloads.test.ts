import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileDownloads } from "./downloads";

describe("local download links", () => {
  it("open their file until they expire, and nothing when altered or signed by another archive", async () => {
    const dir = await mkdtemp(join(tmpdir(), "downloads-"));
    try {
      const downloads = new FileDownloads(join(dir, "a"), () => "http://127.0.0.1:3000");
      const bytes = new Uint8Array([0x50, 0x4b, 3, 4, 0xff]);
      await downloads.put("downloads/solo/c1/2026-12-01/x", { bytes, contentType: "application/zip", fileName: "r.zip" });
      const { url, expiresAt } = await downloads.link("downloads/solo/c1/2026-12-01/x", 60);
      const token = url.split("/local/downloads/")[1]!;
      expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
      expect(await downloads.open(token)).toEqual({ bytes: Buffer.from(bytes), contentType: "application/zip", fileName: "r.zip" });
      expect(await downloads.open(token, Date.now() + 61_000)).toBeUndefined();
      const [claims, signature] = token.split(".");
      const forged = Buffer.from(JSON.stringify({ key: "downloads/solo/c2/2026-12-01/y", exp: 9e9 })).toString("base64url");
      expect(await downloads.open(`${forged}.${signature}`)).toBeUndefined();
      expect(await new FileDownloads(join(dir, "b"), () => undefined).open(`${claims}.${signature}`)).toBeUndefined();
      await expect(new FileDownloads(join(dir, "b"), () => undefined).link("k", 60)).rejects.toThrow(/base URL/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
