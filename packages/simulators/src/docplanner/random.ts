import { createHash } from "node:crypto";

/**
 * Deterministic draws for generated data: counter-mode SHA-256 over a key, so any piece of the
 * data (one address's slots on one day) is derived on its own, without replaying a stream.
 */
export class Draw {
  private counter = 0;

  private constructor(private readonly key: string) {}

  static of(...parts: (string | number)[]): Draw {
    return new Draw(parts.join("|"));
  }

  /** Uniform in [0, 1). */
  next(): number {
    return createHash("sha256").update(`${this.key}#${this.counter++}`).digest().readUInt32BE(0) / 2 ** 32;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("cannot pick from an empty list");
    return item;
  }

  /** `count` distinct items in their original order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(this.next() * items.length));
    return items.filter((_, i) => chosen.has(i));
  }

  digits(count: number): string {
    return Array.from({ length: count }, () => String(this.int(0, 9))).join("");
  }
}

/** A stable number for a string (the default data seed of an account). */
export const seedOf = (text: string): number => createHash("sha256").update(text).digest().readUInt32BE(0);
