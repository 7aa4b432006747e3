import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommitter } from './group-commit.js';

/** A store whose commits finish when the test says so, recording each batch it was handed. */
function manualStore() {
  const batches: number[][] = [];
  const finish: ((fail?: Error) => void)[] = [];
  const commit = (b: number[]) => {
    batches.push(b);
    return new Promise<string[]>((resolve, reject) => finish.push((fail) => (fail ? reject(fail) : resolve(b.map((x) => `ok ${x}`)))));
  };
  return { batches, finish, commit };
}

const tick = () => new Promise((r) => setImmediate(r));

test('claims submitted in the same turn share one batch; each waiter gets its own outcome', async () => {
  const s = manualStore();
  const g = new GroupCommitter(s.commit, { maxBatch: 100 });
  const answers = [1, 2, 3].map((x) => g.submit(x));
  await tick();
  assert.deepEqual(s.batches, [[1, 2, 3]]);
  s.finish[0]();
  assert.deepEqual(await Promise.all(answers), ['ok 1', 'ok 2', 'ok 3']);
});

test('one batch in flight by default: the next waits for it, then takes everything queued meanwhile', async () => {
  const s = manualStore();
  const g = new GroupCommitter(s.commit, { maxBatch: 100 });
  const a = g.submit(1);
  await tick();
  const later = [g.submit(2), g.submit(3)];
  await tick();
  assert.deepEqual(s.batches, [[1]]);
  s.finish[0]();
  await a;
  await tick();
  assert.deepEqual(s.batches, [[1], [2, 3]]);
  s.finish[1]();
  assert.deepEqual(await Promise.all(later), ['ok 2', 'ok 3']);
});

test('a batch never exceeds maxBatch', async () => {
  const s = manualStore();
  const g = new GroupCommitter(s.commit, { maxBatch: 2 });
  const all = [1, 2, 3, 4, 5].map((x) => g.submit(x));
  for (let i = 0; i < 3; i++) {
    await tick();
    s.finish[i]();
    await tick();
  }
  assert.deepEqual(s.batches, [[1, 2], [3, 4], [5]]);
  assert.equal((await Promise.all(all)).length, 5);
});
