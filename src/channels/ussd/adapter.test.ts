/** @module Tests: the adapter on a stub claim core: the request it hands over, a queued claim handed to the follow-up with its pass, unavailable, faults. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClaimOutcome } from '../../claims/outcome.js';
import type { ClaimRequest } from '../../claims/request.js';
import { subscriber } from '../../test-support/fixtures.js';
import type { UssdClaims, UssdFollowUp } from './routes.js';
import { bareUssdApp, gateway, postForm, recordingFollowUp } from './test-support/harness.js';

const PREPAID = { ...subscriber(1, { metering: 'prepaid' }), id: 1 };
const POSTPAID = { ...subscriber(2), id: 2 };
const QUEUED: ClaimOutcome = { kind: 'queued', position: 1234, eta_s: 150, retry_after_s: 20, pass: 'signed-pass-abc', prequeue: false };

/** A strict stub: every number is found (prepaid or not by its first digit); `claim` answers what the test says and records the request. */
function stub(outcome: ClaimOutcome | (() => Promise<ClaimOutcome>)): UssdClaims & { requests: ClaimRequest[] } {
  const requests: ClaimRequest[] = [];
  return {
    requests,
    locate: (who) => ({ found: 'number' in who && who.number.startsWith('1') ? PREPAID : POSTPAID }),
    issuedTo: () => [],
    check: () => { throw new Error('check is not part of a claim'); },
    claim: async (req) => {
      requests.push(req);
      return typeof outcome === 'function' ? outcome() : outcome;
    },
  };
}

async function run(claims: UssdClaims, followUp: UssdFollowUp, text: string, phoneNumber = '+241 77 12 34 56') {
  const app = bareUssdApp(claims, followUp);
  try {
    return await postForm(app, gateway(text, { phoneNumber }) as Record<string, string>);
  } finally {
    await app.close();
  }
}

test('the claim goes to the core as a USSD claim: the typed number, the open cycle, the phone normalised, no pass', async () => {
  const claims = stub(QUEUED);
  await run(claims, recordingFollowUp(), '1*10000000017');
  assert.deepEqual(claims.requests, [{ who: { number: '10000000017' }, cycle: null, phone: '+24177123456', pass: null, channel: 'ussd' }], 'one claim, as the brief says');
  const foreign = stub(QUEUED);
  await run(foreign, recordingFollowUp(), '1*10000000017', '+254711000111');
  assert.equal(foreign.requests[0]?.phone, null, 'a phone that is not a Gabonese mobile is not handed on (the core would refuse the claim)');
});

test('queued: the session ends saying so, and the claim is handed to the follow-up with its pass', async () => {
  const followUp = recordingFollowUp(true);
  const claims = stub(QUEUED);
  const r = await run(claims, followUp, '1*10000000017');
  assert.equal(r.statusCode, 200, 'a screen');
  assert.equal(r.body, 'END Votre demande est enregistrée dans la file (place 1 234, environ 3 min). Le code vous sera envoyé par SMS au +24177123456. Inutile de rappeler.', 'the END screen says the code follows by SMS');
  assert.equal(followUp.calls.length, 1, 'the follow-up got the claim');
  assert.equal(followUp.calls[0].q.pass, 'signed-pass-abc', 'with the pass that keeps its place');
  assert.deepEqual(followUp.calls[0].req, claims.requests[0], 'and the very request the core queued');
  const account = await run(stub(QUEUED), recordingFollowUp(true), '1*70000002');
  assert.match(account.body, /La confirmation vous sera envoyée par SMS/, 'an account gets a confirmation, not a code');
  const en = await run(stub(QUEUED), recordingFollowUp(true), '5*1*10000000017');
  assert.match(en.body, /^END Your request is recorded in the line \(place 1,234, about 3 min\)\. The code will be sent by SMS/, 'in English');
});

test('queued while the follow-up sends no SMS (not wired yet, or no usable phone): the screen asks to dial again, and promises no SMS', async () => {
  const unwired = recordingFollowUp(false);
  const r = await run(stub(QUEUED), unwired, '1*10000000017');
  assert.equal(r.body, 'END Votre demande est dans la file (place 1 234). Votre place est gardée: recomposez le *855# dans environ 3 min pour recevoir votre crédit.', 'dial again');
  assert.equal(unwired.calls.length, 1, 'the follow-up is still handed the claim');
  const noPhone = await run(stub(QUEUED), recordingFollowUp(true), '1*10000000017', 'unknown');
  assert.match(noPhone.body, /recomposez le \*855#/, 'no SMS promised without a phone to send it to');
  assert.doesNotMatch(noPhone.body, /SMS/, 'not a word of SMS');
});

test('a follow-up that throws does not cost the caller the screen', async () => {
  const failing: UssdFollowUp = { smsFollows: true, queued: () => { throw new Error('outbox full'); } };
  const r = await run(stub(QUEUED), failing, '1*10000000017');
  assert.equal(r.statusCode, 200, 'still a screen');
  assert.match(r.body, /^END Votre demande est enregistrée dans la file/, 'the queued screen');
});

test('unavailable, and an unexpected fault of the core: END asking to try again, never a 5xx', async () => {
  const down = await run(stub({ kind: 'unavailable', retry_after_s: 5, cause: new Error('db down') }), recordingFollowUp(), '1*70000002');
  assert.equal(down.statusCode, 200, 'a screen');
  assert.equal(down.body, 'END Service momentanément indisponible: rien n\'a été enregistré. Réessayez dans quelques minutes.', 'try again in a few minutes');
  const crash = await run(stub(async () => { throw new TypeError('bug'); }), recordingFollowUp(), '1*70000002');
  assert.equal(crash.statusCode, 200, 'a fault of ours is not a 5xx to the gateway');
  assert.match(crash.body, /^END Service momentanément indisponible/, 'the caller is asked to try again');
  assert.doesNotMatch(crash.body, /bug|TypeError/, 'nothing of the fault leaks');
});
