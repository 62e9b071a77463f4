import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { SCHEMA_FILE, schemaSource } from "./schema-source";

/** Writes the client's types from the OpenAPI document built from the catalogues. */
await writeFile(SCHEMA_FILE, await schemaSource());
console.log(`wrote ${fileURLToPath(SCHEMA_FILE)}`);
