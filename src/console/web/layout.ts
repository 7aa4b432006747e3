/** @module The console's page frame: skip link, header with who is signed in and the sign-out button, the menu the role may use, the DÉMO banner. */
import { html, type SafeHtml } from '../../http/html.js';
import { can, type Permission } from '../auth/roles.js';
import { assetUrl, type AssetName } from './assets.js';
import { common, roleName, type Lang } from './i18n.js';
import type { RequestContext } from './route.js';

export interface PageOptions {
  ctx: RequestContext;
  demo: boolean;
  title: string;
  body: SafeHtml;
  /** Which menu entry is this page's (aria-current). */
  active?: string;
  /** Extra scripts of the console's own (the dashboard's). */
  scripts?: AssetName[];
  styles?: AssetName[];
}

type NavItem = { href: string; label: (c: ReturnType<typeof common>) => string; any: Permission[] };

const NAV: NavItem[] = [
  { href: '/console/guichet', label: (c) => c.navDesk, any: ['subscribers.search'] },
  { href: '/console/reclamations', label: (c) => c.navGrievances, any: ['grievances.read'] },
  { href: '/console/tableau', label: (c) => c.navLive, any: ['dashboard.read'] },
  { href: '/console/programmes', label: (c) => c.navProgrammes, any: ['programmes.read'] },
  { href: '/console/fichiers', label: (c) => c.navFiles, any: ['exports.run', 'imports.run', 'reconciliation.read'] },
  { href: '/console/audit', label: (c) => c.navAudit, any: ['audit.read'] },
  { href: '/console/comptes', label: (c) => c.navAccounts, any: ['accounts.read'] },
];

/** The entries the role may use, in menu order. */
export function navFor(role: string): NavItem[] {
  return NAV.filter((n) => n.any.some((p) => can(role, p)));
}

/** Where each role starts: the agent at the desk, supervisor and auditor on the dashboard, the admin on the accounts. */
const HOME: Record<string, string> = { agent: '/console/guichet', supervisor: '/console/tableau', auditor: '/console/tableau', admin: '/console/comptes' };

export function homeOf(role: string): string {
  return HOME[role] ?? navFor(role)[0]?.href ?? '/console/login';
}

export function consolePage(o: PageOptions): string {
  const { lang } = o.ctx;
  const c = common(lang);
  const op = o.ctx.operator;
  const other: Lang = lang === 'fr' ? 'en' : 'fr';
  const scripts = ['console.js' as AssetName, ...(o.scripts ?? [])];
  return '<!doctype html>' + html`<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${o.demo ? '[DÉMO] ' : ''}${o.title} · ${c.brand}</title>
<link rel="icon" href="data:,">
${(o.styles ?? []).map((s) => html`<link rel="stylesheet" href="${assetUrl(s)}">`)}
<link rel="stylesheet" href="${assetUrl('console.css')}">
${scripts.map((s) => html`<script src="${assetUrl(s)}" defer></script>`)}
</head><body>
<a class="skip" href="#main">${c.skip}</a>
${o.demo && html`<p class="demo" role="note">${c.demo}</p>`}
<header class="top"><a class="brand" href="/console">${c.brand}</a>
<div class="who">${op && html`<span>${c.signedInAs} <b>${op.account.email}</b> (${roleName(op.account.role, lang)})</span>
<form method="post" action="/console/logout" class="inline"><input type="hidden" name="csrf" value="${op.csrf}"><button type="submit" class="link">${c.logout}</button></form>`}
<a class="lang" href="/console/langue?to=${other}&amp;back=${encodeURIComponent(o.ctx.url)}" lang="${other}" hreflang="${other}">${c.otherLang}</a></div></header>
${op && html`<nav aria-label="${c.nav}"><ul>${navFor(op.account.role).map((n) => html`<li><a href="${n.href}"${o.active === n.href ? html` aria-current="page"` : ''}>${n.label(c)}</a></li>`)}</ul></nav>`}
<main id="main" tabindex="-1">${o.body}</main>
</body></html>`.value;
}

/** A plain message page (refused, not found, expired form): a title, a sentence, a way back. */
export function messagePage(o: { ctx: RequestContext; demo: boolean; title: string; text: string }): string {
  const c = common(o.ctx.lang);
  return consolePage({ ...o, body: html`<h1>${o.title}</h1><p class="alert" role="alert">${o.text}</p><p><a href="/console">${c.back}</a></p>` });
}
