/** @module Tests: every validation rule and reason code of a registry row. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReasons, validateRecord, type Validation } from './validate.js';
import { isValidLuhn as hasValidLuhn, luhnCheckDigit } from '../sts/index.js';
import { normalisePhone } from './phone.js';

const PREPAID: Record<string, string> = {
  contract_no: 'LBV-00012345', meter_no: '43135625622', service: 'electricity', metering: 'prepaid', tariff: 'social',
  power_kw: '2', avg_monthly_use: '140', category: 'particulier', holder_name: 'NGUEMA OBAME Jean-Pierre',
  agency: 'Libreville Centre', district: 'Nzeng-Ayong', phone: '+24177123456', sts_iin: '600727', sts_sgc: '123456',
  sts_ti: '01', sts_krn: '1', sts_kt: '02', sts_base_date: '1993-01-01',
};
const POSTPAID: Record<string, string> = {
  ...PREPAID, meter_no: '20481234', metering: 'postpaid',
  sts_iin: '', sts_sgc: '', sts_ti: '', sts_krn: '', sts_kt: '', sts_base_date: '',
};
const WATER: Record<string, string> = { ...POSTPAID, meter_no: '30561234', service: 'water', power_kw: '', avg_monthly_use: '12.5' };

function codes(v: Validation): string[] {
  return v.ok ? [] : v.reasons.map((r) => r.code);
}
function rejectedWith(row: Record<string, string>, code: string, field?: string): string {
  const v = validateRecord(row);
  assert.equal(v.ok, false, `expected ${code}`);
  if (v.ok) return '';
  const r = v.reasons.find((x) => x.code === code);
  assert.ok(r, `expected ${code}, got ${formatReasons(v.reasons)}`);
  if (field) assert.equal(r.field, field);
  return r.message;
}

test('Luhn check digit: the textbook example and STS numbers', () => {
  assert.equal(hasValidLuhn('79927398713'), true);
  assert.equal(luhnCheckDigit('0123456789'), '7');
  assert.equal(hasValidLuhn('43135625622'), true);
  assert.equal(hasValidLuhn('43135625624'), false);
});

test('valid prepaid, postpaid and water rows become subscribers', () => {
  const p = validateRecord(PREPAID);
  assert.ok(p.ok);
  assert.deepEqual(p.subscriber, {
    contract_no: 'LBV-00012345', meter_no: '43135625622', service: 'electricity', metering: 'prepaid', tariff: 'social',
    power_kw: 2, avg_monthly_use: 140, category: 'particulier', holder_name: 'NGUEMA OBAME Jean-Pierre',
    agency: 'Libreville Centre', district: 'Nzeng-Ayong', phone: '+24177123456', sts_iin: '600727', sts_sgc: '123456',
    sts_ti: '01', sts_krn: 1, sts_kt: '02', sts_base_date: '1993-01-01',
  });
  const q = validateRecord(POSTPAID);
  assert.ok(q.ok);
  assert.equal(q.subscriber.sts_iin, null);
  assert.equal(q.subscriber.sts_krn, null);
  const w = validateRecord(WATER);
  assert.ok(w.ok);
  assert.equal(w.subscriber.power_kw, null);
  assert.equal(w.subscriber.avg_monthly_use, 12.5);
  // STS water meters exist: water + prepaid is a valid row.
  const wp = validateRecord({ ...PREPAID, service: 'water', power_kw: '' });
  assert.ok(wp.ok, wp.ok ? '' : formatReasons(wp.reasons));
  // A 13-digit decoder reference number goes with IIN 0000.
  assert.ok(validateRecord({ ...PREPAID, meter_no: '1234567890128', sts_iin: '0000' }).ok);
});

test('values are trimmed, contract numbers upper-cased, text NFC, kt padded, district optional', () => {
  const v = validateRecord({
    ...PREPAID, contract_no: '  lbv-7 ', meter_no: ' 43135625622', holder_name: ' Mbadinga Le\u0301a ',
    sts_kt: '2', district: ' ',
  });
  assert.ok(v.ok);
  assert.equal(v.subscriber.contract_no, 'LBV-7');
  assert.equal(v.subscriber.meter_no, '43135625622');
  assert.equal(v.subscriber.holder_name, 'Mbadinga Léa');
  assert.equal(v.subscriber.sts_kt, '02');
  assert.equal(v.subscriber.district, '');
});

test('missing column and empty required fields', () => {
  const { phone: _p, ...noPhone } = PREPAID;
  assert.match(rejectedWith(noPhone, 'missing_column', 'phone'), /phone/);
  for (const f of ['contract_no', 'meter_no', 'service', 'metering', 'tariff', 'power_kw', 'avg_monthly_use', 'category', 'holder_name', 'agency']) {
    assert.equal(rejectedWith({ ...PREPAID, [f]: '  ' }, 'missing_field', f), `${f} is empty`);
  }
  for (const f of ['sts_iin', 'sts_sgc', 'sts_ti', 'sts_krn', 'sts_kt', 'sts_base_date']) {
    rejectedWith({ ...PREPAID, [f]: '' }, 'missing_field', f);
  }
});

test('contract numbers: a sane charset and length', () => {
  for (const bad of ['LBV 12', "1'; DROP TABLE subscribers;--", 'A'.repeat(41), '-12', 'Ñ12']) {
    rejectedWith({ ...PREPAID, contract_no: bad }, 'bad_contract_no', 'contract_no');
  }
  assert.ok(validateRecord({ ...PREPAID, contract_no: 'POG/2020.001_A-9' }).ok);
});

test('meter numbers: digits, STS length and check digit, postpaid length', () => {
  assert.equal(rejectedWith({ ...PREPAID, meter_no: '43135625624' }, 'bad_check_digit'), 'meter_no 43135625624: wrong check digit');
  assert.equal(formatReasons([{ code: 'bad_check_digit', message: 'meter_no 43135625624: wrong check digit' }]),
    'bad_check_digit: meter_no 43135625624: wrong check digit');
  rejectedWith({ ...PREPAID, meter_no: '4313562562' }, 'bad_meter_no');
  rejectedWith({ ...PREPAID, meter_no: '431356256222' }, 'bad_meter_no');
  rejectedWith({ ...PREPAID, meter_no: '4313-5625622' }, 'bad_meter_no');
  rejectedWith({ ...POSTPAID, meter_no: '12345' }, 'bad_meter_no');
  rejectedWith({ ...POSTPAID, meter_no: '12345678901234' }, 'bad_meter_no');
  rejectedWith({ ...POSTPAID, meter_no: '12E45678' }, 'bad_meter_no');
  // Postpaid numbers carry no check digit: any 6 to 13 digits.
  assert.ok(validateRecord({ ...POSTPAID, meter_no: '123456' }).ok);
  assert.ok(validateRecord({ ...POSTPAID, meter_no: '1234567890123' }).ok);
});

test('Arabic-Indic and other non-ASCII digits are refused, not converted', () => {
  assert.match(rejectedWith({ ...PREPAID, meter_no: '٤٣١٣٥٦٢٥٦٢٢' }, 'non_ascii_digit', 'meter_no'), /ASCII/);
  rejectedWith({ ...PREPAID, power_kw: '٢' }, 'non_ascii_digit', 'power_kw');
  rejectedWith({ ...PREPAID, phone: '+241७७123456' }, 'non_ascii_digit', 'phone');
  rejectedWith({ ...PREPAID, sts_sgc: '１２３４５６' }, 'non_ascii_digit', 'sts_sgc');
  rejectedWith({ ...PREPAID, contract_no: 'LBV-٧' }, 'non_ascii_digit', 'contract_no');
});

test('enums', () => {
  rejectedWith({ ...PREPAID, service: 'gas' }, 'bad_service');
  rejectedWith({ ...PREPAID, metering: 'prépayé' }, 'bad_metering');
  rejectedWith({ ...PREPAID, tariff: 'Social' }, 'bad_tariff');
  assert.match(rejectedWith({ ...PREPAID, category: 'menage' }, 'bad_category'), /particulier, professionnel, administration/);
});

test('power and average use', () => {
  for (const p of ['0', '-2', 'abc', '3,5', '1e3', '.5']) rejectedWith({ ...PREPAID, power_kw: p }, 'bad_power_kw');
  assert.match(rejectedWith({ ...WATER, power_kw: '3' }, 'bad_power_kw'), /empty for water/);
  assert.ok(validateRecord({ ...PREPAID, power_kw: '4.5' }).ok);
  for (const a of ['-1', 'n/a', '12,5', 'Infinity']) rejectedWith({ ...PREPAID, avg_monthly_use: a }, 'bad_avg_monthly_use');
  assert.ok(validateRecord({ ...PREPAID, avg_monthly_use: '0' }).ok);
});

test('phones: normalised common forms, refused otherwise', () => {
  for (const p of ['+241 77 12 34 56', '24177123456', '0024177123456', '077 12 34 56', '77.12.34.56', '77-12-34-56']) {
    const v = validateRecord({ ...PREPAID, phone: p });
    assert.ok(v.ok, p);
    assert.equal(v.subscriber.phone, '+24177123456');
  }
  assert.equal(normalisePhone('+24162000000'), '+24162000000');
  const empty = validateRecord({ ...PREPAID, phone: '' });
  assert.ok(empty.ok);
  assert.equal(empty.subscriber.phone, null);
  for (const p of ['+24111723456', '+2417712345', '+241771234567', '+33612345678', '77 12 34 5x', '011723456']) {
    rejectedWith({ ...PREPAID, phone: p }, 'bad_phone', 'phone');
  }
});

test('STS fields on prepaid rows', () => {
  rejectedWith({ ...PREPAID, sts_iin: '600728' }, 'bad_sts_iin');
  assert.match(rejectedWith({ ...PREPAID, sts_iin: '0000' }, 'bad_sts_iin'), /600727/);
  rejectedWith({ ...PREPAID, meter_no: '1234567890128', sts_iin: '600727' }, 'bad_sts_iin');
  for (const s of ['12345', '1234567', 'ABCDEF']) rejectedWith({ ...PREPAID, sts_sgc: s }, 'bad_sts_sgc');
  for (const t of ['1', '001', 'x1']) rejectedWith({ ...PREPAID, sts_ti: t }, 'bad_sts_ti');
  for (const k of ['0', '10', 'a']) rejectedWith({ ...PREPAID, sts_krn: k }, 'bad_sts_krn');
  for (const k of ['4', '04', '002', 'x']) rejectedWith({ ...PREPAID, sts_kt: k }, 'bad_sts_kt');
  for (const d of ['2000-01-01', '01/01/1993', '1993-1-1']) rejectedWith({ ...PREPAID, sts_base_date: d }, 'bad_sts_base_date');
  const v = validateRecord({ ...PREPAID, sts_base_date: '2014-01-01', sts_krn: '9' });
  assert.ok(v.ok);
  assert.equal(v.subscriber.sts_base_date, '2014-01-01');
});

test('postpaid rows must not carry STS fields', () => {
  const v = validateRecord({ ...POSTPAID, sts_iin: '600727', sts_base_date: '1993-01-01' });
  assert.deepEqual(codes(v), ['unexpected_sts_field', 'unexpected_sts_field']);
  assert.match(rejectedWith({ ...POSTPAID, sts_sgc: '123456' }, 'unexpected_sts_field', 'sts_sgc'), /postpaid/);
});

test('text fields: length, control characters, broken encoding', () => {
  rejectedWith({ ...PREPAID, holder_name: 'x'.repeat(201) }, 'too_long', 'holder_name');
  const msg = rejectedWith({ ...PREPAID, holder_name: 'x'.repeat(100_000) }, 'too_long');
  assert.ok(msg.length < 200, 'a huge value is not echoed whole');
  rejectedWith({ ...PREPAID, holder_name: 'MBA\nJean' }, 'bad_text', 'holder_name');
  rejectedWith({ ...PREPAID, district: 'Akébé\u0000' }, 'bad_text', 'district');
  rejectedWith({ ...PREPAID, agency: 'Lambar\ufffdn\ufffd' }, 'bad_encoding', 'agency');
  // SQL fragments in a name are just text: stored with bound parameters, never interpreted.
  assert.ok(validateRecord({ ...PREPAID, holder_name: "O'Brien'); DROP TABLE subscribers;--" }).ok);
});

test('every failing field is reported at once', () => {
  const v = validateRecord({ ...PREPAID, meter_no: '43135625624', tariff: 'x', phone: '12', sts_ti: '' });
  assert.deepEqual(codes(v), ['bad_tariff', 'bad_check_digit', 'bad_phone', 'missing_field']);
});
