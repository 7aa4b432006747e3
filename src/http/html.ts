/** @module HTML escaping: every value interpolated into a page goes through here, so a template cannot forget it. */

/** Markup we wrote ourselves (a rendered fragment): the only thing `html` inserts without escaping. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
const SPECIAL = /[&<>"'`]/;
const SPECIAL_ALL = /[&<>"'`]/g;

/** Text made safe for element content and for quoted attribute values alike. */
export function escapeHtml(value: string | number): string {
  const s = String(value);
  // Most values (digits, plain words) hold nothing to escape: skip the replace and its allocation.
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ENTITIES[c]) : s;
}

type Interpolated = SafeHtml | string | number | boolean | null | undefined | readonly Interpolated[];

function render(v: Interpolated): string {
  if (v instanceof SafeHtml) return v.value;
  if (v === null || v === undefined || v === false || v === true) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(v as string | number);
}

/**
 * Tagged template: `html\`<p>${name}</p>\`` escapes `name`; nested `html` fragments pass through as they are.
 * Booleans and null render nothing, so `${cond && html\`...\`}` reads naturally.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trusted constant markup (our own CSS, the inline SVG logo): named so every bypass is easy to find. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
