import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { lazySdk } from "./aws";
import { ConfigurationError } from "./errors";

/**
 * Vendor credentials, by secret name (`switchboard/{stage}/{vendor}/{connectionId}`). Values are
 * JSON objects of strings. They never appear in responses, logs or errors: failures name the
 * secret, not its content.
 */
export interface CredentialStore {
  /** `fresh` skips the cache: for a secret that may have changed since (a stored webhook key). */
  get(secretRef: string, options?: { fresh?: boolean }): Promise<Record<string, string>>;
  put(secretRef: string, values: Record<string, string>): Promise<void>;
  /**
   * Sets some values of an existing secret and keeps the others (an OAuth grant's tokens, Solo's
   * webhook key): PutSecretValue only, so the functions allowed to call it can never create a secret.
   */
  update(secretRef: string, values: Record<string, string>): Promise<void>;
}

/**
* AWS Secrets Manager through Powertools parameters, cached for `maxAgeSeconds`. New secrets are
 * encrypted with `kmsKeyId` (the stage key's alias); an existing secret keeps the key it has. The
 * SDK (and Powertools' provider over it) load on the first vendor call.
 */
export class SecretsManagerCredentials implements CredentialStore {
  private readonly secretsManager;

  constructor(
    private readonly maxAgeSeconds: number,
    private readonly kmsKeyId: string,
    client?: import("@aws-sdk/client-secrets-manager").SecretsManagerClient,
  ) {
    this.secretsManager = lazySdk(() => import("@aws-sdk/client-secrets-manager"), (sdk) => client ?? new sdk.SecretsManagerClient({}));
  }

  async get(secretRef: string, options: { fresh?: boolean } = {}): Promise<Record<string, string>> {
    const { getSecret } = await import("@aws-lambda-powertools/parameters/secrets");
    const value = await getSecret<Record<string, string>>(secretRef, {
      transform: "json",
      maxAge: this.maxAgeSeconds,
      forceFetch: options.fresh ?? false,
    }).catch((err: Error) => {
      throw new ConfigurationError(`Cannot read credentials ${secretRef}: ${err.name}`);
    });
    if (!value || typeof value !== "object") throw new ConfigurationError(`Credentials ${secretRef} are not a JSON object`);
    return value;
  }

  /** Reads the current value past the cache and writes the merge: PutSecretValue, no CreateSecret. */
  async update(secretRef: string, values: Record<string, string>): Promise<void> {
    const { getSecret } = await import("@aws-lambda-powertools/parameters/secrets");
    const current = await getSecret<Record<string, string>>(secretRef, { transform: "json", forceFetch: true }).catch((err: Error) => {
      throw new ConfigurationError(`Cannot read credentials ${secretRef}: ${err.name}`);
    });
    const { sdk, client } = await this.secretsManager();
    await client.send(new sdk.PutSecretValueCommand({ SecretId: secretRef, SecretString: JSON.stringify({ ...current, ...values }) }));
  }

  async put(secretRef: string, values: Record<string, string>): Promise<void> {
    const SecretString = JSON.stringify(values);
    const { sdk, client } = await this.secretsManager();
    try {
      await client.send(new sdk.CreateSecretCommand({ Name: secretRef, SecretString, KmsKeyId: this.kmsKeyId }));
    } catch (err) {
      if (!(err instanceof sdk.ResourceExistsException)) throw err;
      await client.send(new sdk.PutSecretValueCommand({ SecretId: secretRef, SecretString }));
    }
  }
}

/** Local stand-in: one JSON file per secret under a directory, readable by the owner only (0600). */
export class FileCredentials implements CredentialStore {
  private readonly root: string;

  constructor(dir: string) {
    this.root = resolve(dir);
  }

  private file(secretRef: string): string {
    const path = resolve(this.root, `${secretRef}.json`);
    if (!path.startsWith(`${this.root}/`)) throw new ConfigurationError(`Invalid secret name ${secretRef}`);
    return path;
  }

  async get(secretRef: string): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.file(secretRef), "utf8")) as Record<string, string>;
    } catch {
      throw new ConfigurationError(`Cannot read credentials ${secretRef} from ${join(this.root)}`);
    }
  }

  async update(secretRef: string, values: Record<string, string>): Promise<void> {
    await this.put(secretRef, { ...(await this.get(secretRef)), ...values });
  }

  async put(secretRef: string, values: Record<string, string>): Promise<void> {
    const path = this.file(secretRef);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, JSON.stringify(values, null, 2), { mode: 0o600 });
    await chmod(path, 0o600);
  }
}
