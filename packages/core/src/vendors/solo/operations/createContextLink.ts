import * as v from "valibot";
import { defineOperation } from "../../../catalogue";
import { ConfigurationError } from "../../../errors";
import { contextLinkEntries, contextLinkUrl } from "../context-link";
import { solo, soloOrigin, type SoloConfig, type SoloSecrets } from "../vendor";

/**
 * Ours, not Solo's: a context-aware link (`GET {baseUrl}/integrations/linking?arg=…`, which Solo
 * redirects to the visit), built from the documented JSON and the connection's `linkSecret`, with
 * no vendor call (context-link.ts).
 */
export const createContextLink = defineOperation({
  vendor: solo,
  name: "createContextLink",
  summary: "Build a context-aware link into Solo (encrypted; no vendor call)",
  kind: "read",
  pacingClass: "default",
  route: { method: "POST", path: "/context-links" },
  request: { method: "GET", path: "/integrations/linking", contentType: "application/json" },
  input: v.object(contextLinkEntries),
  vendorFields: "passthrough",
  example: { user: "1234", type: "provider", visit: "12345", date: 1733050800, patient: { id: "p-1", sex: "female", dob: "1990-01-01", firstName: "Ada", lastName: "Lovelace" } },
  answer: (input, { config, secrets }: { config: SoloConfig; secrets: SoloSecrets }) => {
    if (!secrets.linkSecret) throw new ConfigurationError("Context-aware links need the connection's linkSecret secret");
    return { url: contextLinkUrl(soloOrigin(config), secrets.linkSecret, input as Record<string, unknown>) };
  },
});
