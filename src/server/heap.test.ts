import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HEAP = fileURLToPath(new URL('./heap.ts', import.meta.url));

// In a child of its own (the flag is process-wide): a live set, then objects that live a little while, as requests
// in flight under a flood do: the scavenger promotes them and they die in the old space. Reports the live heap
// after a full collection and the highest heap seen while churning, in MiB.
const CHURN = `const { tuneHeapGrowth } = await import(${JSON.stringify(HEAP)});
tuneHeapGrowth(Number(process.argv[1]));
const live = [];
for (let i = 0; i < 1_000_000; i++) live.push({ a: i, b: 'x' + i, c: [i] });
gc(); gc();
const base = process.memoryUsage().heapUsed;
let max = base;
const window = [];
for (let i = 0; i < 4_000_000; i++) {
  window.push({ i, s: 'y' + i, t: [i, i] });
  if (window.length > 200_000) window.splice(0, 100_000);
  if ((i & 4095) === 0) max = Math.max(max, process.memoryUsage().heapUsed);
}
console.log(JSON.stringify({ live: live.length, base: base / 1048576, max: max / 1048576 }));`;

function churn(percent: number): Promise<{ base: number; max: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', CHURN, String(percent)], { timeout: 120_000 }, (e, stdout, stderr) => {
      if (e) reject(new Error(`${e.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
    });
  });
}

test('the heap grows by the factor set, not up to four times its live size, under short-lived promoted garbage', async (t) => {
  const [tuned, own] = await Promise.all([churn(50), churn(0)]);
  t.diagnostic(`live ${tuned.base.toFixed(0)} MiB: highest heap ${tuned.max.toFixed(0)} MiB with 1.5, ${own.max.toFixed(0)} MiB with V8's own factor`);
  // 1.5 times the live set, plus the churn's own live window and the young generation.
  assert.ok(tuned.max < tuned.base * 2.5, `the heap reached ${tuned.max.toFixed(0)} MiB over ${tuned.base.toFixed(0)} MiB live`);
});
