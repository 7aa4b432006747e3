/** @module Tests: French typography and accents brought into GSM-7, and a screen that never overflows whatever the data. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isGsm7, septets } from '../../sms/gsm7.js';
import { clip, fits, screen, SCREEN_SEPTETS, toGsm7 } from './gsm7-text.js';

test('toGsm7 keeps what GSM-7 has and respells the rest', () => {
  assert.equal(toGsm7('Électricité à Libreville, où ça'), 'Électricité à Libreville, où ca', 'é è à ù É stay; ç loses its cedilla');
  assert.equal(toGsm7('fenêtre, côté, île, âge, sûr, Noël, maïs'), 'fenetre, coté, ile, age, sur, Noel, mais', 'ê ô î â û ë ï lose their accent');
  assert.equal(toGsm7('l’eau « Phase 1 — avril »'), 'l\'eau "Phase 1 - avril"', 'apostrophe, guillemets and dash');
  assert.equal(toGsm7('20\u202f000\u00a0FCFA, 22\u00a0m³'), '20 000 FCFA, 22 m3', 'no-break spaces and m³');
  assert.equal(toGsm7('contrat\u00a0: professionnel\u00a0?'), 'contrat: professionnel?', 'the space French puts before : and ? is dropped');
  assert.equal(toGsm7('FRANÇAIS'), 'FRANÇAIS', 'capital Ç is GSM-7');
  assert.equal(toGsm7('a\u0007b😀c'), 'ab?c', 'control characters dropped, an emoji is a ?');
  for (const s of ['l’été « ô » œuvre…', 'Ωmega Ж 中文']) assert.ok(isGsm7(toGsm7(s)), `GSM-7 whatever comes in: ${s}`);
});

test('clip cuts on septets and says it cut; screen picks the first wording that fits', () => {
  assert.equal(clip('abc', 10), 'abc', 'short text untouched');
  const long = 'x'.repeat(300);
  assert.equal(septets(clip(long, 50)), 50, 'clipped to exactly the room');
  assert.ok(clip(long, 50).endsWith('...'), 'with an ellipsis');
  assert.equal(septets(clip('€'.repeat(40), 21)), 21, 'an extension character counts two septets');
  assert.equal(screen('END', long, 'court'), 'END court', 'the first wording that fits');
  const forced = screen('CON', long, long);
  assert.ok(fits(forced), 'even when no wording fits, the answer does');
  assert.equal(septets(forced), SCREEN_SEPTETS, 'clipped to the screen');
  assert.ok(!fits(`END ${'€'.repeat(90)}`), '90 euro signs are 180 septets plus the prefix: too many');
  assert.ok(fits(`END ${'a'.repeat(178)}`), '182 septets with the prefix fit');
  assert.ok(!fits(`END ${'a'.repeat(179)}`), '183 do not');
});
