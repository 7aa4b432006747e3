/** @module Tests: the French (and English) sentence for each kind of failed condition. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Rule } from '../domain/programme.js';
import type { Subscriber } from '../domain/subscriber.js';
import { compileProgramme } from './decide.js';
import type { Message } from './types.js';
import { plain, programmeWith, sub, water } from './test-support/fixtures.js';

/** The refusal message for `s` under a one-benefit cycle worded "la phase 2" / "phase 2". */
function why(rule: Rule, s: Subscriber, wording?: { fr: string; en: string } | null): Message {
  const cycle = wording === null ? { wording: undefined, label: 'Phase 2 — mai 2020' } : wording ? { wording } : {};
  const d = compileProgramme(programmeWith([{ service: s.service, amount_fcfa: 20000, rule }], cycle)).decide('c1', s);
  assert.equal(d.retained, false);
  assert.ok(!d.retained && d.reason === 'not_retained');
  return { fr: plain(d.message.fr), en: plain(d.message.en) };
}

describe('power', () => {
  it('too high for a ceiling (the example of the issue)', () => {
    const m = why({ field: 'power_kw', op: 'lte', value: 3 }, sub({ power_kw: 6 }));
    assert.equal(m.fr, "Votre compteur 6 kW n’est pas retenu pour la phase 2 (puissance maximale 3 kW).");
    assert.equal(m.en, 'Your 6 kW meter is not retained for phase 2 (maximum power 3 kW).');
  });

  it('not in the retained set, with the tariff of the closest alternative', () => {
    const rule: Rule = { any: [
      { all: [{ field: 'tariff', op: 'eq', value: 'social' }, { field: 'power_kw', op: 'in', values: [1, 2] }] },
      { all: [{ field: 'tariff', op: 'eq', value: 'general' }, { field: 'power_kw', op: 'in', values: [3, 6] }] },
    ] };
    assert.equal(why(rule, sub({ power_kw: 3 })).fr, "Votre compteur 3 kW n’est pas retenu pour la phase 2 (puissances retenues au tarif social : 1 ou 2 kW).");
    assert.equal(why(rule, sub({ tariff: 'general', power_kw: 4 })).fr, "Votre compteur 4 kW n’est pas retenu pour la phase 2 (puissances retenues au tarif général : 3 ou 6 kW).");
    assert.equal(why(rule, sub({ tariff: 'general', power_kw: 4 })).en, 'Your 4 kW meter is not retained for phase 2 (powers retained on the general tariff: 3 or 6 kW).');
  });

  it('every other comparison, decimals the French way, and negations', () => {
    const p = (rule: Rule, kw: number) => why(rule, sub({ power_kw: kw })).fr.replace(/^.*\((.*)\)\.$/, '$1');
    assert.equal(p({ field: 'power_kw', op: 'gte', value: 3 }, 1.5), 'puissance minimale 3 kW');
    assert.equal(p({ field: 'power_kw', op: 'lt', value: 3 }, 3), 'puissance inférieure à 3 kW');
    assert.equal(p({ field: 'power_kw', op: 'gt', value: 3 }, 3), 'puissance supérieure à 3 kW');
    assert.equal(p({ field: 'power_kw', op: 'between', min: 1, max: 3 }, 4.5), 'puissance de 1 à 3 kW');
    assert.equal(p({ field: 'power_kw', op: 'eq', value: 2 }, 1), 'puissance retenue : 2 kW');
    assert.equal(p({ field: 'power_kw', op: 'ne', value: 9 }, 9), 'puissance exclue : 9 kW');
    assert.equal(p({ field: 'power_kw', op: 'not_in', values: [9, 12] }, 9), 'puissances exclues : 9 et 12 kW');
    assert.equal(p({ not: { field: 'power_kw', op: 'gt', value: 3 } }, 6), 'puissance maximale 3 kW');
    assert.equal(p({ not: { field: 'power_kw', op: 'between', min: 4, max: 9 } }, 6), 'puissances de 4 à 9 kW exclues');
    assert.match(why({ field: 'power_kw', op: 'lte', value: 3 }, sub({ power_kw: 4.5 })).fr, /^Votre compteur 4,5 kW /);
  });

  it('unknown power says so rather than quoting an empty value', () => {
    const m = why({ field: 'power_kw', op: 'lte', value: 3 }, sub({ power_kw: null }));
    assert.equal(m.fr, "La puissance souscrite de votre abonnement n’est pas connue, or la phase 2 en tient compte (puissance maximale 3 kW).");
  });
});

describe('consumption', () => {
  it('over a ceiling, in m³ for water and kWh for electricity', () => {
    const m = why({ field: 'avg_monthly_use', op: 'lte', value: 15 }, water({ avg_monthly_use: 22 }));
    assert.equal(m.fr, 'Votre consommation moyenne (22 m³) dépasse le plafond de 15 m³ de la phase 2.');
    assert.equal(m.en, 'Your average consumption (22 m³) is over the 15 m³ ceiling of phase 2.');
    assert.equal(why({ field: 'avg_monthly_use', op: 'lte', value: 150 }, sub({ avg_monthly_use: 212.5 })).fr,
      'Votre consommation moyenne (212,5 kWh) dépasse le plafond de 150 kWh de la phase 2.');
  });

  it('under a floor, and other constraints', () => {
    assert.equal(why({ field: 'avg_monthly_use', op: 'gte', value: 5 }, water({ avg_monthly_use: 3 })).fr,
      'Votre consommation moyenne (3 m³) est inférieure au minimum de 5 m³ de la phase 2.');
    assert.equal(why({ field: 'avg_monthly_use', op: 'between', min: 5, max: 15 }, water({ avg_monthly_use: 1 })).fr,
      "Votre consommation moyenne (1 m³) n’est pas retenue pour la phase 2 (consommation de 5 à 15 m³).");
  });
});

describe('tariff, category, metering, service', () => {
  it('wrong tariff', () => {
    const m = why({ field: 'tariff', op: 'eq', value: 'social' }, sub({ tariff: 'general' }));
    assert.equal(m.fr, 'Seul le tarif social est retenu pour la phase 2 (votre contrat : tarif général).');
    assert.equal(m.en, 'Only the social tariff is retained for phase 2 (your contract: general tariff).');
    assert.equal(why({ field: 'tariff', op: 'ne', value: 'general' }, sub({ tariff: 'general' })).fr, "Le tarif général n’est pas retenu pour la phase 2.");
  });

  it('wrong category (masculine and feminine agreement)', () => {
    const m = why({ field: 'category', op: 'eq', value: 'particulier' }, sub({ category: 'professionnel' }));
    assert.equal(m.fr, 'Seuls les abonnés particuliers sont retenus pour la phase 2 (votre contrat : professionnel).');
    assert.equal(m.en, 'Only residential subscribers are retained for phase 2 (your contract: business).');
    assert.equal(why({ field: 'category', op: 'in', values: ['particulier', 'professionnel'] }, sub({ category: 'administration' })).fr,
      'Seuls les abonnés particuliers et professionnels sont retenus pour la phase 2 (votre contrat : administration).');
    assert.equal(why({ field: 'category', op: 'eq', value: 'administration' }, sub()).fr,
      'Seules les administrations sont retenues pour la phase 2 (votre contrat : particulier).');
    assert.equal(why({ field: 'category', op: 'ne', value: 'administration' }, sub({ category: 'administration' })).fr,
      "Les administrations ne sont pas retenues pour la phase 2.");
    assert.equal(why({ not: { field: 'category', op: 'eq', value: 'professionnel' } }, sub({ category: 'professionnel' })).fr,
      "Les abonnés professionnels ne sont pas retenus pour la phase 2.");
  });

  it('metering and service', () => {
    assert.equal(why({ field: 'metering', op: 'eq', value: 'prepaid' }, sub()).fr,
      'Seuls les compteurs prépayés sont retenus pour la phase 2 (votre compteur : postpayé).');
    assert.equal(why({ field: 'metering', op: 'ne', value: 'postpaid' }, sub()).en, 'Postpaid meters are not retained for phase 2.');
    assert.equal(why({ field: 'service', op: 'eq', value: 'electricity' }, water()).fr,
      "Seuls les abonnements d’électricité sont retenus pour la phase 2 (votre abonnement : eau).");
  });
});

describe('places and other fields', () => {
  it('agency and district', () => {
    assert.equal(why({ field: 'agency', op: 'in', values: ['Akanda', 'Ntoum'] }, sub()).fr,
      'Seules les agences Akanda et Ntoum sont concernées par la phase 2 (votre agence : Owendo).');
    assert.equal(why({ field: 'agency', op: 'eq', value: 'Akanda' }, sub()).fr,
      "Seule l’agence Akanda est concernée par la phase 2 (votre agence : Owendo).");
    assert.equal(why({ field: 'district', op: 'ne', value: 'Akournam' }, sub()).fr, "Le quartier Akournam n’est pas concerné par la phase 2.");
    assert.equal(why({ field: 'district', op: 'eq', value: 'Nzeng-Ayong' }, sub()).en,
      'Only the Nzeng-Ayong district is covered by phase 2 (your district: Akournam).');
  });

  it('fields a subscriber cannot act on are named, their values never quoted', () => {
    const m = why({ field: 'meter_no', op: 'in', values: ['99999999999'] }, sub());
    assert.equal(m.fr, 'Votre abonnement ne remplit pas une condition de la phase 2 (numéro de compteur).');
    assert.doesNotMatch(m.fr + m.en, /9999|0123/);
  });

  it('a cycle without wording is named by its quoted label', () => {
    const m = why({ field: 'power_kw', op: 'lte', value: 3 }, sub({ power_kw: 6 }), null);
    assert.equal(m.fr, "Votre compteur 6 kW n’est pas retenu pour la période « Phase 2 — mai 2020 » (puissance maximale 3 kW).");
    assert.equal(m.en, 'Your 6 kW meter is not retained for the period "Phase 2 — mai 2020" (maximum power 3 kW).');
  });

  it('French spacing: a no-break space before units and colons', () => {
    const d = compileProgramme(programmeWith([{ service: 'electricity', amount_fcfa: 20000, rule: { field: 'power_kw', op: 'in', values: [1, 2] } }])).decide('c1', sub({ power_kw: 3 }));
    assert.ok(!d.retained);
    assert.ok(d.message.fr.includes('3\u00A0kW') && d.message.fr.includes('retenues\u00A0:'));
    assert.ok(!/ kW| :/.test(d.message.fr), 'no breakable space before a unit or a colon');
  });
});
