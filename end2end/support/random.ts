import type { TestInfo } from '@playwright/test';

/** The run's seed: `E2E_SEED` when set (to replay a run), else a fixed default. */
export function runSeed(): number {
  const raw = process.env.E2E_SEED;
  if (raw === undefined || raw === '') return 20_261_128;
  const seed = Number(raw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new Error(`E2E_SEED must be an integer from 0 to 4294967295, got ${raw}`);
  }
  return seed;
}

/** A source of random numbers in [0, 1) that replays exactly from its seed (mulberry32). */
export type Random = () => number;

export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The seeded randomness of one test: the run's seed mixed with the test's title, so each test
 * replays on its own. The seed goes into the test's annotations (the report) and the output,
 * so a failing run names the `E2E_SEED` that replays it. `streams` names independent sources
 * (one per fault injector), so one injector drawing more often never shifts another's draws.
 */
export function testRandom<K extends string>(testInfo: TestInfo, streams: readonly K[]): Record<K, Random> {
  const base = runSeed();
  const seed = mix(base, testInfo.title);
  const note = `E2E_SEED=${base} (this test's seed ${seed})`;
  testInfo.annotations.push({ type: 'seed', description: note });
  console.log(`[seed] ${testInfo.title}: ${note}`);
  return Object.fromEntries(streams.map((name) => [name, seeded(mix(seed, name))])) as Record<K, Random>;
}

/** FNV-1a over the text, starting from the seed. */
function mix(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
