/** @module Tests: the programmes table: save/get/list/latest, strictly increasing load stamps, refusal of invalid bodies. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Programme } from '../../domain/programme.js';
import { builtinProgramme } from '../../programmes/index.js';
import { openSqlite } from './open.js';
import { SqliteProgrammeRepo } from './programmes.js';

function other(id: string): Programme {
  return { ...builtinProgramme(), id, name: `Programme ${id}` };
}

describe('SqliteProgrammeRepo', () => {
  it('saves, gets, lists (latest first) and replaces by id', () => {
    const db = openSqlite(':memory:');
    let t = Date.parse('2020-04-01T08:00:00Z');
    const repo = new SqliteProgrammeRepo(db, () => new Date((t += 1000)));
    assert.equal(repo.get('gratuite-2020'), null);
    assert.equal(repo.latest(), null);
    assert.deepEqual(repo.list(), []);
    repo.save(builtinProgramme());
    repo.save(other('mai-2021'));
    assert.deepEqual(repo.get('gratuite-2020'), builtinProgramme());
    assert.deepEqual(repo.list().map((p) => p.id), ['mai-2021', 'gratuite-2020']);
    assert.equal(repo.latest()?.id, 'mai-2021');
    const changed = builtinProgramme();
    changed.cycles[0].state = 'closed';
    repo.save(changed);
    assert.equal(repo.get('gratuite-2020')?.cycles[0].state, 'closed');
    assert.equal(repo.latest()?.id, 'gratuite-2020');
    assert.equal(db.prepare('SELECT count(*) FROM programmes').pluck().get(), 2);
    db.close();
  });

  it('keeps the extras a file may carry (wording, description)', () => {
    const db = openSqlite(':memory:');
    const repo = new SqliteProgrammeRepo(db);
    repo.save(builtinProgramme());
    const p = repo.get('gratuite-2020') as Programme & { description?: string };
    assert.match(p.description ?? '', /illustratifs/);
    assert.deepEqual((p.cycles[1] as { wording?: unknown }).wording, { fr: 'la phase 2', en: 'phase 2' });
    db.close();
  });

  it('gives every save a strictly later stamp, even within one millisecond or with a clock going back', () => {
    const db = openSqlite(':memory:');
    const fixed = new Date('2020-04-01T08:00:00.000Z');
    const repo = new SqliteProgrammeRepo(db, () => fixed);
    const stamps = [repo.saveStamped(builtinProgramme()), repo.saveStamped(builtinProgramme()), repo.saveStamped(other('x'))];
    assert.deepEqual(stamps, ['2020-04-01T08:00:00.000Z', '2020-04-01T08:00:00.001Z', '2020-04-01T08:00:00.002Z']);
    assert.deepEqual(repo.entries().map((e) => e.loaded_at), ['2020-04-01T08:00:00.002Z', '2020-04-01T08:00:00.001Z']);
    db.close();
  });

  it('refuses to store an invalid programme, listing its problems', () => {
    const db = openSqlite(':memory:');
    const repo = new SqliteProgrammeRepo(db);
    const bad = builtinProgramme();
    bad.cycles[0].benefits[0].amount_fcfa = -5;
    assert.throws(() => repo.save(bad), /amount_fcfa: must be a positive whole number/);
    assert.equal(repo.latest(), null);
    db.close();
  });

  it('reports a row edited behind its back instead of running it', () => {
    const db = openSqlite(':memory:');
    const repo = new SqliteProgrammeRepo(db);
    repo.save(builtinProgramme());
    db.prepare("UPDATE programmes SET body = replace(body, '\"open\"', '\"opened\"')").run();
    assert.throws(() => repo.get('gratuite-2020'), /stored programme gratuite-2020 is invalid:\n.*state/);
    db.prepare("UPDATE programmes SET body = '{'").run();
    assert.throws(() => repo.latest(), /not valid JSON/);
    db.close();
  });

  it('a second connection (a running server) sees a reload as soon as it is committed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-programmes-'));
    try {
      const server = openSqlite(join(dir, 'guichet.db'));
      const operator = openSqlite(join(dir, 'guichet.db'));
      const serverRepo = new SqliteProgrammeRepo(server);
      new SqliteProgrammeRepo(operator).save(builtinProgramme());
      assert.equal(serverRepo.latest()?.cycles[1].state, 'scheduled');
      const opened = builtinProgramme();
      opened.cycles[1].state = 'open';
      new SqliteProgrammeRepo(operator).save(opened);
      assert.equal(serverRepo.latest()?.cycles[1].state, 'open');
      server.close();
      operator.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a save waits for another writer to finish rather than failing on a stale read (the writer thread commits meanwhile)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-programmes-'));
    const path = join(dir, 'guichet.db');
    const db = openSqlite(path);
    try {
      const repo = new SqliteProgrammeRepo(db, () => new Date());
      repo.save(builtinProgramme());
      // Another connection, on another thread, holds the write lock for a moment and then commits a change.
      const code = `const { workerData, parentPort } = require('node:worker_threads');
        const db = new (require(workerData.module))(workerData.path);
        db.prepare('BEGIN IMMEDIATE').run();
        db.prepare("INSERT INTO settings (key, value) VALUES ('probe', 'x')").run();
        parentPort.postMessage('locked');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
        db.prepare('COMMIT').run();
        db.close();`;
      const holder = new Worker(code, { eval: true, workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), path } });
      await new Promise((resolve) => holder.once('message', resolve));
      // Read, then written: begun before the other's commit, a deferred transaction would fail (SQLITE_BUSY) at once.
      assert.doesNotThrow(() => repo.save(other('juin-2021')));
      assert.equal(repo.latest()?.id, 'juin-2021');
      await new Promise((resolve) => holder.once('exit', resolve));
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
