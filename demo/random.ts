// Seeded randomness for the simulation. Every decision draws from a generator keyed by what it is
// about (seed, user, day, purpose), never from a shared stream, so the outcome of one decision does
// not depend on the order in which the simulation happened to make the others.

import { seededRandom } from '../src/domain/random';

/** The simulation's generator (seeded mulberry32). */
export const generator = seededRandom;

/** FNV-1a over the parts' text: a 32-bit key for a decision. */
export function keyOf(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0001')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface Dice {
  /** Uniform in [0, 1). */
  next(): number;
  chance(p: number): boolean;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** Roughly normal (sum of three uniforms), centred on `mean`, clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function dice(...key: Array<string | number>): Dice {
  const next = generator(keyOf(...key));
  const d: Dice = {
    next,
    chance: (p) => next() < p,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    around(mean, spread, min, max) {
      const z = (next() + next() + next() - 1.5) * 2; // about -3..3, sd 1
      return Math.min(max, Math.max(min, Math.round(mean + z * spread)));
    },
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
  };
  return d;
}
