/** @module Operator accounts: the list for whoever may read it (admin, auditor), and the admin's forms to add, disable and reset. */
import { html } from '../../../http/html.js';
import { ROLES, can } from '../../auth/roles.js';
import type { PublicAccount } from '../../auth/accounts.js';
import { roleName, when, words } from '../i18n.js';
import { consolePage } from '../layout.js';
import { operatorOf, type RequestContext } from '../route.js';

export const accountWords = words({
  fr: {
    title: 'Comptes des opérateurs', email: 'Adresse électronique', role: 'Rôle', state: 'État', active: 'actif', disabled: 'désactivé', created: 'Créé le', lastLogin: 'Dernière connexion',
    never: 'jamais', add: 'Créer un compte', password: 'Mot de passe initial', passwordHint: '12 caractères au moins, pas un mot de passe courant ; à transmettre à la personne par un autre canal.',
    create: 'Créer le compte', disable: 'Désactiver', confirmDisable: 'Désactiver ce compte ? Ses sessions sont fermées aussitôt.', reset: 'Nouveau mot de passe', doReset: 'Changer le mot de passe',
    done: 'Fait.', refused: 'Refusé :', separation: 'Qui attribue les droits ne s’en sert pas : l’administrateur gère les comptes et lit le journal, il n’attribue ni ne modifie les programmes.',
  },
  en: {
    title: 'Operator accounts', email: 'Email address', role: 'Role', state: 'State', active: 'active', disabled: 'disabled', created: 'Created', lastLogin: 'Last sign-in',
    never: 'never', add: 'Create an account', password: 'Initial password', passwordHint: 'At least 12 characters, not a common password; give it to the person by another channel.',
    create: 'Create the account', disable: 'Disable', confirmDisable: 'Disable this account? Its sessions end at once.', reset: 'New password', doReset: 'Change the password',
    done: 'Done.', refused: 'Refused:', separation: 'Whoever grants rights does not use them: the administrator runs accounts and reads the log, and neither issues nor changes programmes.',
  },
});

export function accountsPage(o: { ctx: RequestContext; demo: boolean; accounts: PublicAccount[]; notice?: { ok: boolean; text: string } | null }): string {
  const { ctx } = o;
  const t = accountWords(ctx.lang);
  const op = operatorOf(ctx);
  const manage = can(op.account.role, 'accounts.manage');
  const csrf = html`<input type="hidden" name="csrf" value="${op.csrf}">`;
  const body = html`<h1>${t.title}</h1><p class="hint">${t.separation}</p>
${o.notice && html`<p class="${o.notice.ok ? 'ok' : 'alert'}" role="${o.notice.ok ? 'status' : 'alert'}" id="notice">${o.notice.text}</p>`}
<div class="scroll"><table><thead><tr><th scope="col">${t.email}</th><th scope="col">${t.role}</th><th scope="col">${t.state}</th><th scope="col">${t.created}</th><th scope="col">${t.lastLogin}</th>${manage && html`<th scope="col"><span class="sr">${t.disable}</span></th>`}</tr></thead>
<tbody>${o.accounts.map((a) => html`<tr><td>${a.email}</td><td>${roleName(a.role, ctx.lang)}</td><td>${a.disabled ? t.disabled : t.active}</td><td>${when(a.created_at, ctx.lang)}</td><td>${a.last_login_at ? when(a.last_login_at, ctx.lang) : t.never}</td>
${manage && html`<td>${!a.disabled && a.email !== op.account.email && html`<form method="post" action="/console/comptes/desactiver" class="inline" data-confirm="${t.confirmDisable}">${csrf}<input type="hidden" name="email" value="${a.email}"><button type="submit" class="danger">${t.disable} ${a.email}</button></form>`}
<details><summary>${t.reset} (${a.email})</summary><form method="post" action="/console/comptes/mot-de-passe">${csrf}<input type="hidden" name="email" value="${a.email}">
<label for="pw-${a.id}">${t.reset}</label><input type="password" id="pw-${a.id}" name="password" autocomplete="new-password" required minlength="12"><button type="submit">${t.doReset}</button></form></details></td>`}</tr>`)}</tbody></table></div>
${manage && html`<form method="post" action="/console/comptes" class="card narrow">${csrf}<h2>${t.add}</h2>
<label for="new-email">${t.email}</label><input type="email" id="new-email" name="email" required maxlength="254" autocomplete="off">
<label for="new-role">${t.role}</label><select id="new-role" name="role">${ROLES.map((r) => html`<option value="${r}">${roleName(r, ctx.lang)}</option>`)}</select>
<label for="new-password">${t.password}</label><span class="hint" id="new-password-hint">${t.passwordHint}</span><input type="password" id="new-password" name="password" required minlength="12" autocomplete="new-password" aria-describedby="new-password-hint">
<button type="submit">${t.create}</button></form>`}`;
  return consolePage({ ctx, demo: o.demo, title: t.title, body, active: '/console/comptes' });
}
