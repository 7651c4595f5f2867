/**
 * A seeded pseudo-random generator for the fuzzer: mulberry32 (a 32-bit state, one multiply-xorshift step per
 * output), small and fast, and the same sequence on every machine for the same seed. Not for anything secret.
 */

export interface Rng {
    /** A float in [0, 1). */
    next(): number;
    /** An integer in [0, n) (0 when n <= 0). */
    int(n: number): number;
    /** An integer in [lo, hi], both included. */
    range(lo: number, hi: number): number;
    /** True with probability p. */
    chance(p: number): boolean;
    pick<T>(items: readonly T[]): T;
    /** `n` random bytes. */
    bytes(n: number): Buffer;
}

export function mulberry32(seed: number): Rng {
    let a = seed >>> 0;
    const next = (): number => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const int = (n: number): number => (n <= 0 ? 0 : Math.floor(next() * n));
    return {
        next,
        int,
        range: (lo, hi) => lo + int(hi - lo + 1),
        chance: (p) => next() < p,
        pick: <T>(items: readonly T[]): T => {
            if (!items.length) throw new Error('pick from an empty list');
            return items[int(items.length)] as T;
        },
        bytes: (n) => {
            const b = Buffer.alloc(n);
            for (let i = 0; i < n; i++) b[i] = int(256);
            return b;
        },
    };
}

/**
 * The seed of case `index` of a run seeded `seed` (a 32-bit mix of both), so that any single case can be replayed
 * without running the ones before it.
 */
export function caseSeed(seed: number, index: number): number {
    let h = (seed ^ 0x9e3779b9) >>> 0;
    h = Math.imul(h ^ (index >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h ^ Math.floor(index / 4294967296), 0x27d4eb2f) >>> 0;
    return (h ^ (h >>> 15)) >>> 0;
}
