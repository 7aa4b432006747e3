/** @module Tests: the SMSC simulator seen from a raw SMPP session and from the sender: binds, rate, throttleEvery, receipts, inbox. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { encodeGsm7 } from '../../gsm7.js';
import { pair, until } from '../../test-support/pair.js';
import { decodedText } from '../deliver.js';
import { smpp, submitSm, text, type Pdu, type SubmitSm } from '../wire.js';
import { Inbox } from './inbox.js';
import { startSimulator } from './simulator.js';

/** A bare package session to the simulator, and the PDUs it receives. */
async function raw(port: number) {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise((r) => socket.once('connect', r));
  const session = new smpp.Session({ socket });
  const received: Pdu[] = [];
  session.on('pdu', (p) => void received.push(p));
  const ask = (pdu: Pdu | SubmitSm) => new Promise<Pdu>((resolve) => session.send(pdu as Pdu, resolve));
  return { session, received, ask };
}

test('binds: submit before bind is ESME_RINVBNDSTS, transmitters are refused, a second bind is ESME_RALYBND', async () => {
  const sim = await startSimulator();
  const c = await raw(sim.port);
  try {
    assert.equal((await c.ask(submitSm('SEEG', '24106000001', encodeGsm7('x')))).command_status, 0x04);
    assert.equal((await c.ask(new smpp.PDU('bind_transmitter', { system_id: 'guichet', password: 'secret' }))).command_status, 0x0d);
    assert.equal((await c.ask(new smpp.PDU('bind_transceiver', { system_id: 'guichet', password: 'nope' }))).command_status, 0x0d);
    const ok = await c.ask(new smpp.PDU('bind_transceiver', { system_id: 'guichet', password: 'secret' }));
    assert.equal(ok.command_status, 0);
    assert.equal(text(ok, 'system_id'), 'guichet-smsc-sim');
    assert.equal((await c.ask(new smpp.PDU('bind_transceiver', { system_id: 'guichet', password: 'secret' }))).command_status, 0x05);
    assert.deepEqual(sim.binds.map((b) => b.ok), [false, true, false]);
    assert.deepEqual([sim.stats.binds, sim.stats.bindFailures, sim.stats.bound], [1, 3, 1]);
  } finally {
    c.session.destroy();
    await sim.close();
  }
});

test('a receipt carries both TLVs and the text, swaps the addresses, and comes after the submit_sm_resp', async () => {
  const sim = await startSimulator({ idStyle: 'decimal', firstId: 41 });
  const c = await raw(sim.port);
  try {
    await c.ask(new smpp.PDU('bind_transceiver', { system_id: 'guichet', password: 'secret' }));
    const resp = await c.ask(submitSm('SEEG', '24106000001', encodeGsm7('Votre code: 1234 5678 9012 3456 7890')));
    assert.equal(text(resp, 'message_id'), '41');
    await until(() => c.received.some((p) => p.command === 'deliver_sm'), 'the receipt');
    const order = c.received.map((p) => p.command);
    assert.ok(order.indexOf('submit_sm_resp') < order.indexOf('deliver_sm'), order.join(' '));
    const dr = c.received.find((p) => p.command === 'deliver_sm')!;
    assert.equal(dr.esm_class, 0x04);
    assert.equal(text(dr, 'source_addr'), '24106000001');
    assert.deepEqual([dr.dest_addr_ton, dr.dest_addr_npi, text(dr, 'destination_addr')], [5, 0, 'SEEG']);
    assert.equal(text(dr, 'receipted_message_id'), '41');
    assert.equal(dr.message_state, 2);
    assert.match(decodedText(dr), /^id:41 sub:001 dlvrd:001 submit date:\d{10} done date:\d{10} stat:DELIVRD err:000 text:Votre code: 1234 567$/);
  } finally {
    c.session.destroy();
    await sim.close();
  }
});

test('throttleEvery 3: exactly the third, sixth and ninth submits are answered ESME_RTHROTTLED', async () => {
  const p = await pair({ throttleEvery: 3 }, { throttlePauseMs: 10 });
  try {
    const kinds: string[] = [];
    for (let i = 0; i < 9; i++) kinds.push((await p.sender.submit(`2410600000${i}`, 'x')).kind);
    assert.deepEqual(kinds, ['sent', 'sent', 'throttled', 'sent', 'sent', 'throttled', 'sent', 'sent', 'throttled']);
  } finally {
    await p.close();
  }
});

test('the simulator rate: beyond 10/s, ESME_RTHROTTLED, whatever the client sends', async () => {
  const p = await pair({ rate: 10 }, { ratePerSecond: 1000, window: 20, throttlePauseMs: 5000 });
  try {
    const outs = await Promise.all(Array.from({ length: 20 }, (_, i) => p.sender.submit(`241060000${String(i).padStart(2, '0')}`, 'x')));
    const sent = outs.filter((o) => o.kind === 'sent').length;
    // One token of room (a tenth of a second at 10/s), one more if the 20 arrivals spread over 100 ms.
    assert.ok(sent >= 1 && sent <= 2, `${sent} accepted`);
    assert.equal(outs.filter((o) => o.kind === 'throttled').length, 20 - sent);
    assert.equal(p.sim.stats.throttled, 20 - sent);
  } finally {
    await p.close();
  }
});

test('MO injection needs a bound client; the error says so', async () => {
  const sim = await startSimulator();
  try {
    await assert.rejects(sim.injectMo({ from: '24106000001', to: 'SEEG', text: 'GRATUIT 1' }), /no bound client/);
    await assert.rejects(sim.request('unbind'), /no bound client/);
  } finally {
    await sim.close();
  }
});

test('the inbox: per phone, oldest first, bounded per phone and in phones (the longest silent forgotten first)', () => {
  const inbox = new Inbox({ perNumber: 2, numbers: 2 });
  const m = (seq: number, to: string) => ({ seq, messageId: String(seq), from: 'SEEG', to, text: `m${seq}`, dataCoding: 0, at: seq });
  inbox.add(m(1, '24106000001'));
  inbox.add(m(2, '24106000002'));
  inbox.add(m(3, '24106000001'));
  inbox.add(m(4, '24106000001'));
  assert.deepEqual(inbox.of('+24106000001').map((x) => x.text), ['m3', 'm4']);
  inbox.add(m(5, '24106000003'));
  assert.deepEqual(inbox.numbers(), ['24106000001', '24106000003']);
  assert.deepEqual(inbox.all().map((x) => x.seq), [3, 4, 5]);
  assert.equal(inbox.total, 5);
});
