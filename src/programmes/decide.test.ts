/** @module Tests: the built-in programme's semantics on hand-built subscribers, every reason code and its message, default cycle, compiled speed. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Cycle, Programme } from '../domain/programme.js';
import type { Subscriber } from '../domain/subscriber.js';
import { builtinProgramme } from './index.js';
import { compileProgramme, decide, openCycle } from './decide.js';
import { reasonMessage } from './messages.js';
import type { ReasonCode } from './types.js';
import { plain, programmeWith, sub, water } from './test-support/fixtures.js';

/** The built-in programme with phase-2 open too, to test its rules (it ships scheduled). */
function bothOpen(): Programme {
  const p = builtinProgramme();
  p.cycles[1].state = 'open';
  return p;
}

describe('the semantics of the built-in gratuite-2020', () => {
  const c = compileProgramme(bothOpen());
  const retained = (cycle: string, s: Subscriber) => c.decide(cycle, s).retained;
  const cases: [string, Subscriber, boolean, boolean][] = [
    // name, subscriber, phase-1, phase-2
    ['social 1 kW', sub({ power_kw: 1 }), true, true],
    ['social 2 kW', sub({ power_kw: 2 }), true, true],
    ['social 3 kW', sub({ power_kw: 3 }), false, true],
    ['social 6 kW', sub({ power_kw: 6 }), false, false],
    ['general 3 kW', sub({ tariff: 'general', power_kw: 3 }), true, false],
    ['general 6 kW', sub({ tariff: 'general', power_kw: 6 }), true, false],
    ['general 4 kW', sub({ tariff: 'general', power_kw: 4 }), false, false],
    ['general 1 kW', sub({ tariff: 'general', power_kw: 1 }), false, false],
    ['professionnel social 1 kW', sub({ category: 'professionnel' }), false, false],
    ['administration general 3 kW', sub({ category: 'administration', tariff: 'general', power_kw: 3 }), false, false],
    ['prepaid social 2 kW', sub({ metering: 'prepaid', power_kw: 2 }), true, true],
    ['water particulier 10 m³', water(), true, true],
    ['water particulier 15 m³', water({ avg_monthly_use: 15 }), true, true],
    ['water particulier 22 m³', water({ avg_monthly_use: 22 }), true, false],
    ['water general tariff 40 m³', water({ tariff: 'general', avg_monthly_use: 40 }), true, false],
    ['water professionnel', water({ category: 'professionnel' }), false, false],
  ];
  for (const [name, s, p1, p2] of cases) {
    it(`${name}: phase-1 ${p1 ? 'yes' : 'no'}, phase-2 ${p2 ? 'yes' : 'no'}`, () => {
      assert.equal(retained('phase-1', s), p1);
      assert.equal(retained('phase-2', s), p2);
    });
  }

  it('credits 20 000 FCFA of electricity and 15 000 FCFA of water, units at the subscriber tariff', () => {
    const e = c.decide('phase-1', sub());
    assert.ok(e.retained);
    assert.deepEqual(e.credit, { fcfa: 20000, units_tenths: 4166, unit: 'kWh' });
    assert.equal(e.cycle.id, 'phase-1');
    assert.equal(e.benefit.service, 'electricity');
    const g = c.decide('phase-1', sub({ tariff: 'general', power_kw: 6 }));
    assert.ok(g.retained);
    assert.deepEqual(g.credit, { fcfa: 20000, units_tenths: 1826, unit: 'kWh' }); // 20000 / 109.5 = 182.64
    const w = c.decide('phase-1', water());
    assert.ok(w.retained);
    assert.deepEqual(w.credit, { fcfa: 15000, units_tenths: 535, unit: 'm3' }); // 15000 / 280 = 53.57
  });

  it('explains the phase-2 refusals the issue quotes', () => {
    const m = c.decide('phase-2', sub({ power_kw: 6 }));
    assert.ok(!m.retained && m.reason === 'not_retained');
    assert.equal(plain(m.message.fr), "Votre compteur 6 kW n’est pas retenu pour la phase 2 (puissance maximale 3 kW).");
    const w = c.decide('phase-2', water({ avg_monthly_use: 22 }));
    assert.ok(!w.retained);
    assert.equal(plain(w.message.fr), 'Votre consommation moyenne (22 m³) dépasse le plafond de 15 m³ de la phase 2.');
  });
});

describe('reason codes from decide', () => {
  const p = builtinProgramme();

  it('unknown_cycle lists the cycles that exist', () => {
    const d = decide(p, 'phase-9', sub());
    assert.ok(!d.retained);
    assert.equal(d.reason, 'unknown_cycle');
    assert.equal(plain(d.message.fr), "Cette période de gratuité n’existe pas. Périodes prévues : Phase 1 — avril 2020, Phase 2 — mai 2020.");
    assert.equal(decide(p, '__proto__', sub()).retained, false);
  });

  it('cycle_not_open: the state is checked before anything else, with the opening date when known', () => {
    const d = decide(p, 'phase-2', sub({ category: 'professionnel' }));
    assert.ok(!d.retained && d.reason === 'cycle_not_open');
    assert.equal(plain(d.message.fr), "La phase 2 n’a pas encore commencé : sa date d’ouverture sera annoncée.");
    const dated = builtinProgramme();
    dated.cycles[1].opens_at = '2020-06-01T08:30:00+01:00';
    const m = decide(dated, 'phase-2', sub());
    assert.ok(!m.retained);
    assert.equal(plain(m.message.fr), "La phase 2 n’a pas encore commencé : les demandes seront possibles à partir du 1er juin 2020 à 8 h 30.");
    assert.equal(m.message.en, 'Phase 2 has not started yet: claims open on 1 June 2020 at 08:30.');
  });

  it('cycle_closed, with the closing date when known', () => {
    const closed = builtinProgramme();
    closed.cycles[0].state = 'closed';
    closed.cycles[0].closes_at = '2020-04-30';
    const d = decide(closed, 'phase-1', sub());
    assert.ok(!d.retained && d.reason === 'cycle_closed');
    assert.equal(plain(d.message.fr), 'La phase 1 a pris fin le 30 avril 2020 : les demandes ne sont plus acceptées.');
    assert.equal(d.message.en, 'Phase 1 has ended (30 April 2020): claims are no longer accepted.');
  });

  it('service_not_covered when the cycle has no benefit for the service', () => {
    const elecOnly = programmeWith([{ service: 'electricity', amount_fcfa: 20000, rule: { field: 'tariff', op: 'eq', value: 'social' } }]);
    const d = decide(elecOnly, 'c1', water());
    assert.ok(!d.retained && d.reason === 'service_not_covered');
    assert.equal(d.message.fr, "La phase 2 ne prévoit pas de gratuité pour l’eau.");
    assert.equal(d.message.en, 'Phase 2 provides no relief for water.');
  });

  it('not_retained names the failed condition', () => {
    const d = decide(p, 'phase-1', sub({ category: 'professionnel' }));
    assert.ok(!d.retained && d.reason === 'not_retained');
    assert.equal(plain(d.message.fr), 'Seuls les abonnés particuliers sont retenus pour la phase 1 (votre contrat : professionnel).');
  });
});

describe('default cycle', () => {
  const cyc = (id: string, state: Cycle['state']): Cycle => ({ id, label: id, state, budget_fcfa: null, benefits: [{ service: 'electricity', amount_fcfa: 1000, rule: { field: 'tariff', op: 'ne', value: 'x' } }] });
  const prog = (...cycles: Cycle[]): Programme => ({ ...programmeWith([]), cycles });

  it('openCycle: the open one; of several, the latest in the list; none: null', () => {
    assert.equal(openCycle(builtinProgramme())?.id, 'phase-1');
    assert.equal(openCycle(prog(cyc('a', 'open'), cyc('b', 'open'), cyc('c', 'scheduled')))?.id, 'b');
    assert.equal(openCycle(prog(cyc('a', 'closed'), cyc('b', 'scheduled'))), null);
  });

  it('decide(null) uses the open cycle, else says when the next opens, else that it is over', () => {
    assert.equal(compileProgramme(prog(cyc('a', 'closed'), cyc('b', 'open'))).decide(null, sub()).retained, true);
    const next = compileProgramme(prog(cyc('a', 'closed'), cyc('b', 'scheduled'))).decide(null, sub());
    assert.ok(!next.retained && next.reason === 'cycle_not_open');
    const over = compileProgramme(prog(cyc('a', 'closed'), cyc('b', 'closed'))).decide(null, sub());
    assert.ok(!over.retained && over.reason === 'cycle_closed');
  });
});

describe('compiled programme', () => {
  it('is a frozen snapshot: the caller editing its object changes nothing, and shared answers cannot be edited', () => {
    const p = builtinProgramme();
    const c = compileProgramme(p);
    p.cycles[0].state = 'closed';
    assert.equal(c.decide('phase-1', sub()).retained, true);
    const d = c.decide('phase-1', sub());
    assert.ok(d.retained);
    assert.throws(() => { (d.credit as { fcfa: number }).fcfa = 1; }, TypeError);
    assert.equal(c.openCycle?.id, 'phase-1');
  });

  it('a reloaded programme whose cycle changed state decides by its new state', () => {
    const before = compileProgramme(builtinProgramme());
    const after = compileProgramme(bothOpen());
    assert.equal(before.decide('phase-2', sub()).retained, false);
    assert.equal(after.decide('phase-2', sub()).retained, true);
  });
});

describe('reasonMessage catalogue', () => {
  const cycle = builtinProgramme().cycles[0];
  const all: ReasonCode[] = ['not_retained', 'cycle_closed', 'cycle_not_open', 'unknown_cycle', 'service_not_covered', 'budget_exhausted', 'unknown_meter', 'no_code_left'];

  it('has a French and an English sentence for every reason, with or without context', () => {
    for (const r of all) {
      for (const ctx of [{}, { cycle, programme: builtinProgramme(), service: 'water' as const, number: '01234567890' }]) {
        const m = reasonMessage(r, ctx);
        assert.match(m.fr, /^[A-ZÀ-Ý«].*[.]$/su, `${r} fr: ${m.fr}`);
        assert.match(m.en, /^[A-Z].*[.]$/su, `${r} en: ${m.en}`);
        assert.doesNotMatch(m.fr + m.en, /undefined|null|\[object/);
      }
    }
  });

  it('the reasons decided elsewhere', () => {
    assert.equal(plain(reasonMessage('budget_exhausted', { cycle }).fr), "L’enveloppe de la phase 1 est épuisée : toutes les gratuités prévues ont été attribuées.");
    assert.equal(reasonMessage('unknown_meter', { number: '01234567890' }).fr,
      'Aucun abonnement ne correspond au numéro 01234567890. Vérifiez le numéro inscrit sur votre compteur ou sur votre facture.');
    assert.equal(reasonMessage('no_code_left', { cycle }).fr,
      "Le code de votre compteur pour la phase 1 n’est pas encore disponible. Réessayez plus tard ou adressez-vous à votre agence.");
  });

  it('never echoes input that is not a plain number', () => {
    const m = reasonMessage('unknown_meter', { number: '<script>alert(1)</script>' });
    assert.doesNotMatch(m.fr + m.en, /script/);
    assert.match(m.fr, /à ce numéro/);
  });
});
