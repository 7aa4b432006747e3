/** @module "Retrouver mon code": the number located as a claim would locate it (same checks, same words), then what was already issued. */
import type { ClaimService } from '../../claims/claim-service.js';
import type { Lang } from './i18n.js';
import type { LookupResult } from './pages/lookup.js';
import { issuedView } from './views.js';

export function lookupResult(claims: ClaimService, raw: string | undefined, lang: Lang): LookupResult {
  if (raw === undefined) return { kind: 'form' };
  const l = claims.locate({ number: raw });
  if ('errors' in l || ('unknown' in l && l.typo)) {
    const e = 'errors' in l ? l.errors[0] : l.typo!;
    return { kind: 'invalid', error: lang === 'en' && e.message_en ? e.message_en : e.message };
  }
  if ('unknown' in l) return { kind: 'unknown' };
  return { kind: 'found', credits: claims.issuedTo(l.found).map((c) => issuedView(c, l.found, true)) };
}
