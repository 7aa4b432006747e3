/** @module The console's two languages: French first, English on request (a cookie the switch sets), and the words every screen shares. */
import type { Role } from '../auth/roles.js';

export type Lang = 'fr' | 'en';
export const LANG_COOKIE = 'guichet_lang';

export function pickLang(v: string | undefined): Lang {
  return v === 'en' ? 'en' : 'fr';
}

/** A screen's words: the same keys in both languages, checked by the compiler. */
export function words<T extends Record<string, string>>(w: { fr: T; en: { [K in keyof T]: string } }): (lang: Lang) => T {
  return (lang) => (lang === 'en' ? (w.en as T) : w.fr);
}

export const common = words({
  fr: {
    brand: 'Guichet · Console',
    skip: 'Aller au contenu',
    nav: 'Menu de la console',
    navDesk: 'Centre d’appels',
    navLive: 'Tableau de bord',
    navGrievances: 'Réclamations',
    navProgrammes: 'Programmes',
    navFiles: 'Imports et exports',
    navAudit: 'Journal d’audit',
    navAccounts: 'Comptes',
    signedInAs: 'Connecté :',
    logout: 'Se déconnecter',
    otherLang: 'English',
    demo: 'DÉMO : console de démonstration, données fictives.',
    forbiddenTitle: 'Accès refusé',
    forbidden: 'Votre rôle ne permet pas cette action. Si vous en avez besoin, demandez-le à l’administrateur des comptes.',
    csrfTitle: 'Formulaire expiré',
    csrf: 'Ce formulaire n’est plus valable (page ouverte trop longtemps, ou envoyée depuis un autre site). Rechargez la page et recommencez.',
    notFoundTitle: 'Page introuvable',
    notFound: 'Rien à cette adresse de la console.',
    errorTitle: 'Erreur',
    error: 'Une erreur est survenue. Rien n’a été modifié ; réessayez dans un instant.',
    badRequestTitle: 'Demande incorrecte',
    back: 'Retour',
    roleAdmin: 'administrateur',
    roleSupervisor: 'superviseur',
    roleAgent: 'agent du centre d’appels',
    roleAuditor: 'auditeur',
  },
  en: {
    brand: 'Guichet · Console',
    skip: 'Skip to content',
    nav: 'Console menu',
    navDesk: 'Call centre',
    navLive: 'Dashboard',
    navGrievances: 'Grievances',
    navProgrammes: 'Programmes',
    navFiles: 'Imports and exports',
    navAudit: 'Audit log',
    navAccounts: 'Accounts',
    signedInAs: 'Signed in:',
    logout: 'Sign out',
    otherLang: 'Français',
    demo: 'DEMO: demonstration console, fictitious data.',
    forbiddenTitle: 'Access refused',
    forbidden: 'Your role does not allow this. If you need it, ask the accounts administrator.',
    csrfTitle: 'Form expired',
    csrf: 'This form is no longer valid (page left open too long, or sent from another site). Reload the page and try again.',
    notFoundTitle: 'Page not found',
    notFound: 'Nothing at this console address.',
    errorTitle: 'Error',
    error: 'Something went wrong. Nothing was changed; try again in a moment.',
    badRequestTitle: 'Bad request',
    back: 'Back',
    roleAdmin: 'administrator',
    roleSupervisor: 'supervisor',
    roleAgent: 'call-centre agent',
    roleAuditor: 'auditor',
  },
});

export function roleName(role: Role, lang: Lang): string {
  const c = common(lang);
  return { admin: c.roleAdmin, supervisor: c.roleSupervisor, agent: c.roleAgent, auditor: c.roleAuditor }[role];
}

/** French number formatting with the narrow no-break space the pages use ("12 480"); English with commas. */
export function num(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 }).format(n);
}

export function fcfa(n: number, lang: Lang): string {
  return `${num(n, lang)}\u00a0FCFA`;
}

/** A stamp as an operator reads it, in Libreville's time (UTC+1, no daylight saving). */
export function when(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Africa/Libreville' }).format(d);
}
