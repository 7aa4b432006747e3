/** @module Micro-benchmark helper: best of five 200 ms runs after a warm-up, in calls per second. */
export function rate(fn: (i: number) => unknown, warmup = 20_000): number {
  let best = 0;
  let i = 0;
  for (let w = 0; w < warmup; w++) fn(i++);
  for (let run = 0; run < 5; run++) {
    const start = process.hrtime.bigint();
    let n = 0;
    let elapsed = 0;
    while (elapsed < 200e6) {
      for (let k = 0; k < 1000; k++) fn(i++);
      n += 1000;
      elapsed = Number(process.hrtime.bigint() - start);
    }
    best = Math.max(best, (n / elapsed) * 1e9);
  }
  return best;
}
