import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GRIEVANCE_CATEGORIES } from '../domain/grievance.js';
import { isGsm7, septets } from '../sms/gsm7.js';
import { acknowledgement, decisionNotice, EXCEPTION_TEXT, tokenText } from './texts.js';

const oneSms = (t: string) => {
  assert.ok(isGsm7(t), t);
  assert.ok(septets(t) <= 160, `${septets(t)} septets: ${t}`);
};

test('the acknowledgement of every category is one GSM-7 SMS naming the ticket and the delay', () => {
  for (const c of GRIEVANCE_CATEGORIES) {
    for (const sig of ['SEEG', 'SEEG-GRATUITE-2020', null]) {
      const t = acknowledgement('R-7K3Q9X', c, sig);
      oneSms(t);
      assert.match(t, /réclamation R-7K3Q9X recue/);
      assert.match(t, / h /);
    }
  }
  assert.equal(acknowledgement('R-7K3Q9X', 'code_rejected', 'SEEG').startsWith('SEEG: réclamation R-7K3Q9X recue (code refusé). Réponse sous 48 h'), true);
});

test('a decision notice fits one SMS whatever the reason; a token is never cut', () => {
  const long = 'Après vérification de votre dossier par l’agence d’Owendo, nous confirmons — « sans réserve » — votre droit 🙂. '.repeat(6);
  for (const accepted of [true, false]) {
    for (const what of [null, EXCEPTION_TEXT, tokenText('12345678901234567890', '37446479240', true)]) {
      const t = decisionNotice('R-7K3Q9X', accepted, what, long, 'SEEG');
      oneSms(t);
      assert.match(t, new RegExp(`R-7K3Q9X ${accepted ? 'acceptée' : 'rejetée'}`));
      if (what?.includes('Nouveau code')) assert.match(t, /1234 5678 9012 3456 7890 à saisir sur le compteur 37446479240/);
    }
  }
  assert.equal(decisionNotice('R-7K3Q9X', false, null, 'Compteur professionnel.', 'SEEG'), 'SEEG: réclamation R-7K3Q9X rejetée. Compteur professionnel.');
});
