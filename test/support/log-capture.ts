/**
 * Vitest setup file: what the platform writes straight to stdout/stderr (Powertools' JSON log
 * lines) is captured instead of printed. Each write is kept for scans (test/phi-logs.test.ts reads
 * them with `capturedLines`) and handed to Vitest's console capture, which the config's
 * `silent: "passed-only"` prints only for a test, suite or file that fails — so a failure still
 * shows its logs, and a green run shows none.
 */
interface Capture {
  chunks: string[];
  /** True while a captured write is being handed on, so a console that writes to the same stream is not captured twice. */
  forwarding: boolean;
}

const KEY = Symbol.for("switchboard.test.logCapture");
const globals = globalThis as typeof globalThis & { [KEY]?: Capture };

function install(): Capture {
  const capture: Capture = { chunks: [], forwarding: false };
  for (const [stream, forward] of [
    [process.stdout, (text: string) => console.log(text)],
    [process.stderr, (text: string) => console.error(text)],
  ] as const) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (capture.forwarding) return original(chunk, ...rest);
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      capture.chunks.push(text);
      capture.forwarding = true;
      try {
        forward(text.replace(/\n$/, ""));
      } finally {
        capture.forwarding = false;
      }
      const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
      if (callback) queueMicrotask(callback);
      return true;
    }) as typeof stream.write;
  }
  return capture;
}

// One capture per worker process, however many test files it runs; each file starts empty.
const capture = (globals[KEY] ??= install());
capture.chunks.length = 0;

/** The lines written to stdout/stderr since this test file started. */
export function capturedLines(): string[] {
  return capture.chunks.join("").split("\n").filter(Boolean);
}
