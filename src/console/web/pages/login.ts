/** @module The sign-in page: email, password, the pre-session CSRF token; one sentence for every failure; the demo accounts' hint. */
import { html } from '../../../http/html.js';
import { words, type Lang } from '../i18n.js';
import { consolePage } from '../layout.js';
import type { RequestContext } from '../route.js';

const w = words({
  fr: {
    title: 'Connexion à la console',
    intro: 'Réservé au personnel habilité : superviseurs, agents du centre d’appels, auditeurs et administrateurs.',
    email: 'Adresse électronique',
    password: 'Mot de passe',
    submit: 'Se connecter',
    failed: 'Connexion refusée. Vérifiez l’adresse et le mot de passe. Après cinq échecs, le compte est bloqué pendant 15 minutes.',
    expired: 'Le formulaire a expiré. Saisissez de nouveau vos identifiants.',
    demoHint: 'Mode DÉMO : un compte par rôle a été créé au premier démarrage ; leurs mots de passe ont été affichés une seule fois dans le terminal qui a lancé npm start.',
  },
  en: {
    title: 'Sign in to the console',
    intro: 'For authorised staff only: supervisors, call-centre agents, auditors and administrators.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    failed: 'Sign-in refused. Check the address and the password. After five failures the account is locked for 15 minutes.',
    expired: 'The form expired. Enter your credentials again.',
    demoHint: 'DEMO mode: one account per role was created at first start; their passwords were printed once in the terminal that ran npm start.',
  },
});

export interface LoginView {
  ctx: RequestContext;
  demo: boolean;
  token: string;
  email?: string;
  problem?: 'failed' | 'expired';
  next?: string | null;
}

export function loginPage(v: LoginView): string {
  const t = w(v.ctx.lang);
  const problem = v.problem ? t[v.problem] : null;
  const body = html`<h1>${t.title}</h1><p>${t.intro}</p>
${v.demo && html`<p class="note">${t.demoHint}</p>`}
${problem && html`<p class="alert" role="alert" id="login-problem">${problem}</p>`}
<form method="post" action="/console/login" class="card narrow">
<input type="hidden" name="csrf" value="${v.token}">
${v.next && html`<input type="hidden" name="next" value="${v.next}">`}
<label for="email">${t.email}</label>
<input type="email" id="email" name="email" autocomplete="username" required maxlength="320" value="${v.email ?? ''}"${problem ? html` aria-describedby="login-problem"` : ''}>
<label for="password">${t.password}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required maxlength="1024">
<button type="submit">${t.submit}</button>
</form>`;
  return consolePage({ ctx: v.ctx, demo: v.demo, title: t.title, body });
}

export const loginTitle = (lang: Lang): string => w(lang).title;
