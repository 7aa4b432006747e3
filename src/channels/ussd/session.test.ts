/** @module Tests: a session's state from its `text` alone (menu, prompts, back, language, retries, limits); walking issues nothing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Located } from '../../claims/locate.js';
import type { Who } from '../../claims/request.js';
import { inputsOf, MAX_STEPS, sessionOf } from './session.js';

const TYPO = { field: 'number', message: 'mal saisi', message_en: 'mistyped' };
const looked: string[] = [];
/** Digits only are numbers; "typo" is a check-digit slip; "x!" has a forbidden character. */
function locate(who: Who): Located {
  const n = 'number' in who ? who.number : '';
  looked.push(n);
  if (n === 'typo') return { unknown: n, typo: TYPO };
  if (!/^[0-9A-Z]+$/.test(n)) return { errors: [{ field: 'number', message: n === '' ? 'vide' : 'caractères' }] };
  return n === '404' ? { unknown: n, typo: null } : { found: { id: 1 } as never };
}
const at = (text: string) => sessionOf(inputsOf(text), locate);

test('inputs: none at first, split on *, trimmed, a trailing # dropped', () => {
  assert.deepEqual(inputsOf(''), [], 'the first request has no input');
  assert.deepEqual(inputsOf('1'), ['1'], 'one input');
  assert.deepEqual(inputsOf('1* 123 #'), ['1', '123'], 'spaces and # dropped');
  assert.deepEqual(inputsOf('1*'), ['1', ''], 'an empty reply is an input');
});

test('the menu, its options, back, and the language switch (the whole session then in English)', () => {
  assert.deepEqual(at(''), { at: 'menu', lang: 'fr', tries: 0, wrong: false }, 'French first');
  assert.deepEqual(at('1'), { at: 'prompt', lang: 'fr', action: 'claim', tries: 0, error: null }, 'option 1 asks for the number to claim');
  assert.deepEqual(at('2'), { at: 'prompt', lang: 'fr', action: 'retrieve', tries: 0, error: null }, 'option 2 retrieves');
  assert.deepEqual(at('3'), { at: 'prompt', lang: 'fr', action: 'check', tries: 0, error: null }, 'option 3 checks');
  assert.deepEqual(at('4'), { at: 'contest_menu', lang: 'fr', tries: 0, wrong: false }, 'option 4: raise or follow a grievance');
  assert.deepEqual(at('5'), { at: 'menu', lang: 'en', tries: 0, wrong: false }, '5 switches to English');
  assert.deepEqual(at('5*1*123'), { at: 'act', lang: 'en', action: 'claim', number: '123' }, 'and the claim is in English');
  assert.deepEqual(at('5*5'), { at: 'menu', lang: 'fr', tries: 0, wrong: false }, 'and 5 again switches back');
  assert.deepEqual(at('1*0'), { at: 'menu', lang: 'fr', tries: 0, wrong: false }, '0 at a prompt goes back to the menu');
  assert.deepEqual(at('1*0*2*123'), { at: 'act', lang: 'fr', action: 'retrieve', number: '123' }, 'then another option');
});

test('numbers: taken when they designate someone or nobody; re-asked when malformed or mistyped, three times at most', () => {
  assert.deepEqual(at('1*123'), { at: 'act', lang: 'fr', action: 'claim', number: '123' }, 'a number found is claimed');
  assert.deepEqual(at('1*404'), { at: 'act', lang: 'fr', action: 'claim', number: '404' }, 'an unknown number is an answer (the reason), not a retry');
  const typo = at('1*typo');
  assert.equal(typo.at === 'prompt' && typo.error, TYPO, 'a check-digit slip is asked again, with why');
  const empty = at('1*');
  assert.equal(empty.at === 'prompt' && empty.error?.message, 'vide', 'an empty reply is asked again');
  assert.deepEqual(at('1*typo*123'), { at: 'act', lang: 'fr', action: 'claim', number: '123' }, 'the corrected number is taken');
  assert.equal(at('1*typo*x!').at === 'prompt' && (at('1*typo*x!') as { tries: number }).tries, 2, 'two tries so far');
  assert.deepEqual(at('1*typo*x!*'), { at: 'over', lang: 'fr', why: 'too_many_tries' }, 'the third bad number ends the session');
});

test('option 4: category, number, confirm; follow by ticket or number; back at every screen; retries; walking raises nothing', () => {
  assert.deepEqual(at('4*1'), { at: 'contest_category', lang: 'fr', tries: 0, wrong: false }, '1 raises: the categories');
  assert.deepEqual(at('4*1*2'), { at: 'contest_number', lang: 'fr', category: 'unknown_meter', tries: 0, error: null }, '2 is an unknown meter');
  for (const [o, c] of [['1', 'not_retained'], ['3', 'code_rejected'], ['4', 'not_credited'], ['5', 'other']]) {
    assert.equal((at(`4*1*${o}`) as { category?: string }).category, c, `category ${o}`);
  }
  assert.deepEqual(at('4*1*2*404'), { at: 'contest_confirm', lang: 'fr', category: 'unknown_meter', number: '404', tries: 0, wrong: false }, 'an unknown number is taken');
  assert.deepEqual(at('4*1*2*404*1'), { at: 'contest_raise', lang: 'fr', category: 'unknown_meter', number: '404' }, '1 confirms: the last input acts');
  assert.deepEqual(at('5*4*1*5*123*1'), { at: 'contest_raise', lang: 'en', category: 'other', number: '123' }, 'in English too');
  const typo = at('4*1*1*typo');
  assert.equal(typo.at === 'contest_number' && typo.error, TYPO, 'a check-digit slip is asked again');
  assert.deepEqual(at('4*1*1*typo*x!*'), { at: 'over', lang: 'fr', why: 'too_many_tries' }, 'three bad numbers end it');
  assert.deepEqual(at('4*1*9'), { at: 'contest_category', lang: 'fr', tries: 1, wrong: true }, 'an unknown category: the list again');
  assert.deepEqual(at('4*1*9*9*9'), { at: 'over', lang: 'fr', why: 'wrong_options' });
  assert.deepEqual(at('4*7'), { at: 'contest_menu', lang: 'fr', tries: 1, wrong: true });
  assert.deepEqual(at('4*1*2*404*7'), { at: 'contest_confirm', lang: 'fr', category: 'unknown_meter', number: '404', tries: 1, wrong: true });
  assert.deepEqual(at('4*1*2*404*0'), { at: 'menu', lang: 'fr', tries: 0, wrong: false }, '0 cancels');
  assert.deepEqual(at('4*1*2*0'), { at: 'contest_category', lang: 'fr', tries: 0, wrong: false }, '0 at the number: the categories');
  assert.deepEqual(at('4*1*0'), { at: 'contest_menu', lang: 'fr', tries: 0, wrong: false });
  assert.deepEqual(at('4*0'), { at: 'menu', lang: 'fr', tries: 0, wrong: false });
  assert.deepEqual(at('4*2'), { at: 'track_prompt', lang: 'fr', tries: 0, empty: false }, '2 follows');
  assert.deepEqual(at('4*2*'), { at: 'track_prompt', lang: 'fr', tries: 1, empty: true }, 'nothing typed: asked again');
  assert.deepEqual(at('4*2*R-7K3Q9X'), { at: 'track', lang: 'fr', query: 'R-7K3Q9X' });
  assert.deepEqual(at('4*2*0'), { at: 'contest_menu', lang: 'fr', tries: 0, wrong: false });
});

test('unknown options, too many steps, inputs after the end', () => {
  assert.deepEqual(at('9'), { at: 'menu', lang: 'fr', tries: 1, wrong: true }, 'an unknown option shows the menu again');
  assert.deepEqual(at('a'), { at: 'menu', lang: 'fr', tries: 1, wrong: true }, 'letters where a digit is expected too');
  assert.deepEqual(at('5*a*b*c'), { at: 'over', lang: 'en', why: 'wrong_options' }, 'three in a row end it, in the language chosen');
  assert.deepEqual(at('9*1*123'), { at: 'act', lang: 'fr', action: 'claim', number: '123' }, 'a good option after a wrong one works');
  assert.deepEqual(at('1*123*1'), { at: 'over', lang: 'fr', why: 'after_end' }, 'nothing follows an answer that ended the session');
  assert.deepEqual(at('4*1*2*404*1*1'), { at: 'over', lang: 'fr', why: 'after_end' }, 'nothing follows a grievance raised either');
  assert.deepEqual(at('4*2*R-7K3Q9X*1'), { at: 'over', lang: 'fr', why: 'after_end' }, 'nor a grievance shown');
  const many = Array.from({ length: MAX_STEPS + 1 }, (_, i) => (i % 2 ? '0' : '1')).join('*');
  assert.deepEqual(at(many), { at: 'over', lang: 'fr', why: 'too_many_steps' }, 'a session longer than a person needs ends');
  looked.length = 0;
  assert.equal(at(Array.from({ length: 10_000 }, () => '2*typo*0').join('*')).at, 'over', 'a 10,000-step text ends');
  assert.ok(looked.length <= MAX_STEPS, `inputs past the limit are not looked at (${looked.length} look-ups)`);
});
