// What the benchmarks share: deterministic random numbers, percentiles, timing a run of requests, and CPU time.
import { readFileSync } from 'node:fs';

/** A deterministic pseudo-random source (mulberry32) with `pick` and `int` over it. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  return { rand, pick, int };
}

/** The p-th percentile of ascending `sorted` (nearest rank). */
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
/** The median of `xs`. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}
/** Milliseconds as the tables print them. */
export const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Runs `run` n times one after another; the durations in ms, ascending. */
export async function latencies(n: number, run: (k: number) => Promise<void>): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = performance.now();
    await run(k);
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

/**
 * CPU seconds (user + system) the processes `pids` have used, from /proc: other processes of this machine, such as
 * a server under load or the PostgreSQL backends serving a benchmark. Null when one cannot be read (a remote server).
 */
export function cpuSecondsOf(pids: readonly number[]): number | null {
  if (pids.length === 0) return null;
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      return null;
    }
  }
  // USER_HZ is 100 on Linux
  return ticks / 100;
}
