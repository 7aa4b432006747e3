/** @module One-time codes on both engines: six digits, five minutes, one use, five tries, a resend replaces, limits per phone and per subscriber. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OutboxMessage } from '../../domain/sms.js';
import { builtinProgramme } from '../../programmes/index.js';
import { postgresEngine, sqliteEngine, type StoreHarness } from '../../store/test-support/engines.js';
import { seedSubscribers } from '../../store/test-support/helpers.js';
import { isGsm7 } from '../../sms/gsm7.js';
import { PhoneProof } from './otp.js';

const NEW_PHONE = '+24166000001';

for (const engine of [sqliteEngine(), postgresEngine()]) {
  if (engine.skip) {
    console.log(engine.skip.replace('PostgreSQL contract suite', 'PostgreSQL one-time code suite'));
    continue;
  }
  describe(`one-time codes on ${engine.name}`, () => {
    let h: StoreHarness;
    before(async () => {
      if (engine.fail) throw new Error(engine.fail);
      h = await engine.setup();
    });
    after(async () => {
      await h?.teardown();
    });

    async function rig() {
      await h.reset();
      const [sub, other] = await seedSubscribers(h.store, 2);
      const sent: OutboxMessage[] = [];
      let t = 1_000_000;
      const p = builtinProgramme();
      p.options = { verify_new_phones: true };
      const proof = new PhoneProof({
        codes: h.store.phoneCodes, outbox: { enqueue: async (m) => (sent.push(...m), m.map(() => 1)) },
        secret: await PhoneProof.secret(h.store), programme: () => p, signature: 'SEEG', now: () => t,
      });
      const lastCode = () => /(\d{6})/.exec(sent.filter((m) => m.kind === 'otp').at(-1)!.text)![1];
      return { sub, other, sent, proof, lastCode, tick: (ms: number) => (t += ms) };
    }

    test('a code for a phone not on file: six digits by SMS, verified once, then the credit\'s notice goes to that phone', async () => {
      const r = await rig();
      assert.equal(r.proof.needed(r.sub, NEW_PHONE), true, 'a phone not on file must prove itself');
      assert.equal(r.proof.needed(r.sub, r.sub.phone), false, 'the phone on file never does');
      assert.equal(await r.proof.send(r.sub, NEW_PHONE), 'sent');
      const otp = r.sent.at(-1)!;
      assert.ok(isGsm7(otp.text) && otp.text.length <= 160, `one GSM-7 SMS: ${otp.text}`);
      assert.equal(otp.to, NEW_PHONE, 'to the phone to prove');
      const credit = { claim_id: 'G-1', subscriber_id: r.sub.id, programme_id: 'gratuite-2020', cycle: 'phase-1', service: 'electricity', metering: 'postpaid', fcfa: 20000, units_tenths: 1000, unit: 'kWh', token: null, issued_at: '2020-04-01T08:00:00Z', journal_seq: 1 };
      assert.equal(await r.proof.confirm(r.other, NEW_PHONE, r.lastCode(), credit), 'none', 'a code sent for one subscriber proves nothing for another');
      assert.equal(await r.proof.confirm(r.sub, NEW_PHONE, r.lastCode(), credit), 'verified');
      assert.equal(r.sent.at(-1)!.kind, 'credit', 'the credit\'s notice is queued');
      assert.equal(r.sent.at(-1)!.to, NEW_PHONE, 'to the proven phone');
      assert.equal(await r.proof.confirm(r.sub, NEW_PHONE, r.lastCode(), credit), 'none', 'a code is used once');
    });

    test('five minutes; five tries then locked; a resend makes the last code worthless', async () => {
      const r = await rig();
      await r.proof.send(r.sub, NEW_PHONE);
      const first = r.lastCode();
      r.tick(5 * 60_000);
      assert.equal(await r.proof.confirm(r.sub, NEW_PHONE, first, null), 'expired', 'after five minutes');
      await r.proof.send(r.sub, NEW_PHONE);
      const second = r.lastCode();
      await r.proof.send(r.sub, NEW_PHONE);
      const third = r.lastCode();
      // The replaced code typed is a wrong try at the current one.
      if (second !== third) assert.equal(await r.proof.confirm(r.sub, NEW_PHONE, second, null), 'wrong', 'the replaced code no longer works');
      const wrong = third === '000000' ? '111111' : '000000';
      const tries = [];
      for (let i = second !== third ? 1 : 0; i < 5; i++) tries.push(await r.proof.confirm(r.sub, NEW_PHONE, wrong, null));
      assert.equal(tries.at(-1), 'locked', `the fifth wrong try locks it (${tries.join(',')})`);
      assert.equal(await r.proof.confirm(r.sub, NEW_PHONE, third, null), 'none', 'even the right code, once locked');
    });

    test('three codes an hour to one phone, five a day for one subscriber', async () => {
      const r = await rig();
      const phones = ['+24166000002', '+24166000003', '+24166000004'];
      const toOne = [];
      for (let i = 0; i < 4; i++) toOne.push(await r.proof.send(r.sub, phones[0]));
      assert.deepEqual(toOne, ['sent', 'sent', 'sent', 'limited'], 'per phone and hour');
      assert.deepEqual([await r.proof.send(r.sub, phones[1]), await r.proof.send(r.sub, phones[1]), await r.proof.send(r.sub, phones[2])], ['sent', 'sent', 'limited'], 'five a day for the subscriber');
      r.tick(3_600_001);
      assert.equal(await r.proof.send(r.other, phones[0]), 'sent', 'an hour later the phone may get one again (for another subscriber)');
    });
  });
}
