/** @module What the pages say about the programme: the open cycle, the next one, and what a cycle gives. */
import type { Cycle, Programme } from '../../../domain/programme.js';
import { formatDate, formatFcfa } from '../../../programmes/format.js';
import { html, type SafeHtml } from '../../../http/html.js';
import { t, type Lang } from '../i18n.js';

export function openCycle(p: Programme): Cycle | undefined {
  return p.cycles.find((c) => c.state === 'open');
}

/** The scheduled cycle that opens first (undated ones last): what a refused subscriber can come back for. */
export function nextCycle(p: Programme): Cycle | undefined {
  const scheduled = p.cycles.filter((c) => c.state === 'scheduled');
  return scheduled.sort((a, b) => (a.opens_at ?? '\uffff').localeCompare(b.opens_at ?? '\uffff'))[0];
}

/** The cycle's label in the page's language (a programme may give `label_en`; French otherwise). */
export function labelOf(c: Cycle, lang: Lang): string {
  return lang === 'en' ? c.label_en ?? c.label : c.label;
}

export function cycleLabel(p: Programme, id: string, lang: Lang): string {
  const c = p.cycles.find((x) => x.id === id);
  return c ? labelOf(c, lang) : id;
}

export function opensOn(c: Cycle, lang: Lang): string | null {
  return c.opens_at ? formatDate(c.opens_at, lang) : null;
}

/** "Électricité : 20 000 FCFA. Eau : 15 000 FCFA." — one line per service and amount the cycle gives. */
export function benefitText(c: Cycle, lang: Lang): SafeHtml {
  const s = t(lang);
  const seen = new Set<string>();
  const items: SafeHtml[] = [];
  for (const b of c.benefits) {
    const key = `${b.service}|${b.amount_fcfa}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(html`${items.length ? html`<br>` : ''}${s.service[b.service] ?? b.service}${lang === 'fr' ? '\u00a0:' : ':'} <strong>${formatFcfa(b.amount_fcfa, lang)}</strong>`);
  }
  return html`${items}`;
}

/** Above the form, short enough that the field is on the first screen of a phone: what is open and what it gives. */
export function programmeLead(p: Programme, lang: Lang): SafeHtml {
  const s = t(lang);
  const open = openCycle(p);
  if (!open) return html`<p class="lead"><strong>${s.noneOpen}</strong></p>`;
  return html`<p class="lead"><strong>${s.openNow(labelOf(open, lang))}</strong> ${s.benefitsIntro}<br>${benefitText(open, lang)}</p>`;
}

/** Below the form: how the credit arrives, and when the next phase opens. */
export function programmeDetails(p: Programme, lang: Lang): SafeHtml {
  const s = t(lang);
  const next = nextCycle(p);
  return html`<h2>${s.howH}</h2><p>${s.howItWorks}</p>${next && html`<p>${s.opensOn(labelOf(next, lang), opensOn(next, lang))}</p>`}`;
}
