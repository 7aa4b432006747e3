/** @module Sentences for the refusals the claim path and issuers decide; the programme's catalogue holds the rest. */

type Pair = [fr: string, en: string];

export function reasonText(code: 'issuance_unavailable' | 'meter_needs_key_change'): Pair {
  switch (code) {
    case 'issuance_unavailable':
      return ['La délivrance des codes prépayés est momentanément suspendue. Votre demande n’a pas été enregistrée : réessayez plus tard.',
        'Prepaid codes cannot be issued at the moment. Your request was not recorded: please try again later.'];
    case 'meter_needs_key_change':
      return ['Votre compteur doit d’abord recevoir une mise à jour de sa clé (changement de date de base) avant d’accepter un nouveau code. Présentez-vous à votre agence avec votre numéro de compteur.',
        'Your meter needs a key change (new base date) before it can accept a new code. Please visit your agency with your meter number.'];
  }
}
