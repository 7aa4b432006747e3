/** @module Tests: French and English number, amount, quantity, date and list formatting. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatFcfa, formatList, formatNumber, formatQuantity, formatTenths } from './format.js';
import { ofCycleFr } from './cycle-name.js';

describe('format', () => {
  it('numbers: narrow no-break space between thousands in French, decimal comma; comma and point in English', () => {
    assert.equal(formatNumber(15000, 'fr'), '15\u202F000');
    assert.equal(formatNumber(7400000000, 'fr'), '7\u202F400\u202F000\u202F000');
    assert.equal(formatNumber(97.5, 'fr'), '97,5');
    assert.equal(formatNumber(999, 'fr'), '999');
    assert.equal(formatNumber(15000, 'en'), '15,000');
    assert.equal(formatNumber(1234.125, 'en'), '1,234.125');
    assert.equal(formatNumber(-2, 'en'), '-2');
  });

  it('amounts and quantities keep their unit with a no-break space', () => {
    assert.equal(formatFcfa(15000, 'fr'), '15\u202F000\u00A0FCFA');
    assert.equal(formatFcfa(15000, 'en'), '15,000 FCFA');
    assert.equal(formatQuantity(22, 'm3', 'fr'), '22\u00A0m³');
    assert.equal(formatQuantity(1.5, 'kW', 'en'), '1.5 kW');
  });

  it('tenths straight from the integer', () => {
    assert.equal(formatTenths(4166, 'fr'), '416,6');
    assert.equal(formatTenths(4170, 'fr'), '417');
    assert.equal(formatTenths(12345678, 'fr'), '1\u202F234\u202F567,8');
    assert.equal(formatTenths(7, 'en'), '0.7');
  });

  it('dates: "1er", Libreville time for instants, time shown only when not midnight', () => {
    assert.equal(formatDate('2020-06-01', 'fr'), '1er juin 2020');
    assert.equal(formatDate('2020-04-30', 'fr'), '30 avril 2020');
    assert.equal(formatDate('2020-04-30', 'en'), '30 April 2020');
    assert.equal(formatDate('2020-05-01T07:00:00Z', 'fr'), '1er mai 2020 à 8\u00A0h');
    assert.equal(formatDate('2020-05-01T07:05:00Z', 'en'), '1 May 2020 at 08:05');
    assert.equal(formatDate('2020-05-31T23:30:00Z', 'fr'), '1er juin 2020 à 0\u00A0h\u00A030');
    assert.equal(formatDate('2020-08-16T00:00:00+01:00', 'fr'), '16 août 2020');
  });

  it('lists and the French "de" + article', () => {
    assert.equal(formatList(['1', '2'], 'fr', 'or'), '1 ou 2');
    assert.equal(formatList(['1', '2', '3'], 'fr', 'and'), '1, 2 et 3');
    assert.equal(formatList(['A'], 'en', 'or'), 'A');
    assert.equal(ofCycleFr('la phase 2'), 'de la phase 2');
    assert.equal(ofCycleFr('le cycle de mai'), 'du cycle de mai');
    assert.equal(ofCycleFr('les deux mois'), 'des deux mois');
    assert.equal(ofCycleFr("l’été 2020"), "de l’été 2020");
    assert.equal(ofCycleFr('avril 2020'), "d’avril 2020");
  });
});
