import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkChar, newTicket, parseTicket, TICKET_SHAPE } from './ticket.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

test('a new ticket has the shape R-XXXXXX and parses back to itself', () => {
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 500; i++) {
    const t = newTicket(random);
    assert.match(t, TICKET_SHAPE);
    assert.equal(parseTicket(t), t);
  }
});

test('case, spaces, dashes, a missing R, O for 0 and I or L for 1 are forgiven', () => {
  const t = `R-10${'K3Q'}${checkChar('10K3Q')}`;
  const body = t.slice(2);
  for (const typed of [t, t.toLowerCase(), ` r ${body.slice(0, 3)} ${body.slice(3)} `, body, `R${body}`, `r-${body.replace('1', 'I').replace('0', 'O')}`, body.replace('1', 'l')]) {
    assert.equal(parseTicket(typed), t, typed);
  }
});

test('every single wrong character and every swap of two different neighbours (but 0 and Z, the one pair Luhn mod N misses) is malformed', () => {
  const payload = 'JK7Q9';
  const t = payload + checkChar(payload);
  for (let i = 0; i < t.length; i++) {
    for (const c of ALPHABET) {
      if (c === t[i]) continue;
      const typo = t.slice(0, i) + c + t.slice(i + 1);
      assert.equal(parseTicket(`R-${typo}`), null, typo);
    }
    if (i + 1 < t.length && t[i] !== t[i + 1] && `${t[i]}${t[i + 1]}` !== '0Z' && `${t[i]}${t[i + 1]}` !== 'Z0') {
      const swapped = t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2);
      assert.equal(parseTicket(`R-${swapped}`), null, swapped);
    }
  }
});

test('wrong lengths, U and other characters, and absurd input are malformed', () => {
  for (const typed of ['', 'R-', 'R-12345', 'R-1234567', 'R-1234U' , 'R-12<b>3', 'x'.repeat(10_000), 'R-ABCDE!']) assert.equal(parseTicket(typed), null, typed.slice(0, 20));
});
