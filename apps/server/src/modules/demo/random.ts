/** Deterministic pseudo-random numbers (mulberry32), so demo data and benchmark seeds are the same every run. */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const weighted = (items: [string, number][]) => {
    let r = next() * items.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of items) if ((r -= w) < 0) return v;
    return items[0][0];
  };
  const some = <T>(items: readonly T[], max: number) => [...new Set(Array.from({ length: int(0, max) }, () => pick(items)))];
  return { next, int, pick, weighted, some };
}
