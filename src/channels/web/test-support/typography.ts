/** @module French typography, checked: what a French page or sentence must never hold. */

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': '\u00a0' };

/** The text a reader sees on a page: tags dropped, entities decoded, the `<style>` and `<title>`'s markup left out. */
export function visibleText(html: string): string {
  return html.replace(/<style>[\s\S]*?<\/style>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z0-9#]+;/g, (e) => ENTITIES[e] ?? e);
}

/** Units a number must not be separated from by a breakable space ("compteur de 2 kW" never breaks). */
const UNIT = /\d (kWh|kW|m³|m3|FCFA|%|h\b)/;

/**
 * What is wrong with a French text, as a list (empty: fine): a straight apostrophe instead of ’, a breakable space
 * before : ; ? ! or », after «, between a number and its unit, or inside a grouped number ("20 000").
 */
export function frenchTypographyProblems(text: string): string[] {
  const problems: string[] = [];
  const around = (i: number) => JSON.stringify(text.slice(Math.max(0, i - 30), i + 30));
  const find = (re: RegExp, what: string) => {
    const m = re.exec(text);
    if (m) problems.push(`${what} at ${around(m.index)}`);
  };
  find(/[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]/, 'a straight apostrophe (’ wanted)');
  find(/[^\s] [:;?!»]/, 'a breakable space before : ; ? ! or »');
  find(/« /, 'a breakable space after «');
  find(UNIT, 'a breakable space between a number and its unit');
  find(/\d \d{3}\b/, 'a breakable space inside a number');
  return problems;
}
