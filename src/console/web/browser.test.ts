/** @module Tests: the console in a real headless Chromium: sign-in, lockout, a forged form, a role refused, and an accessibility check of each screen. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserRig, seriousViolations, signIn, skipBrowser, type BrowserRig } from './test-support/browser.js';
import { PASSWORD } from './test-support/harness.js';

describe('the console in Chromium', { skip: skipBrowser, timeout: 300_000 }, () => {
  let rig: BrowserRig;
  before(async () => {
    rig = await browserRig();
  });
  after(() => rig?.close());

  test('sign in as an auditor, land on a screen of the role, sign out', async () => {
    const page = await rig.signedIn('auditor');
    assert.match(page.url(), /\/console\/tableau$/, `an auditor lands on the dashboard (${page.url()})`);
    await page.goto(`${rig.base}/console/audit`);
    assert.equal(await page.locator('h1').textContent(), 'Journal d’audit');
    assert.ok(await page.getByRole('banner').getByText('auditor@seeg.ga').isVisible(), 'who is signed in is shown');
    assert.deepEqual(await seriousViolations(page), [], 'no serious or critical accessibility violation on the audit log');
    await Promise.all([page.waitForURL(/\/console\/login$/), page.getByRole('button', { name: 'Se déconnecter' }).click()]);
    await page.goto(`${rig.base}/console/audit`);
    assert.match(page.url(), /\/console\/login\?next=/, 'signed out: back to the form');
  });

  test('the sign-in page is accessible and usable from the keyboard alone', async () => {
    const page = await (await rig.context()).newPage();
    await page.goto(`${rig.base}/console/login`);
    assert.deepEqual(await seriousViolations(page), [], 'the sign-in page');
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // brand
    await page.getByLabel('Adresse électronique').focus();
    await page.keyboard.type('agent@seeg.ga');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL(/\/console\/guichet/), page.keyboard.press('Enter')]);
  });

  test('lockout: five wrong passwords, then the right one is refused with the same sentence', async () => {
    const page = await (await rig.context()).newPage();
    await rig.node.console.services.accounts.add('cli:test', { email: 'locked@seeg.ga', role: 'agent', password: PASSWORD });
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) {
      await signIn(page, rig.base, 'locked@seeg.ga', 'pas le bon mot de passe');
      texts.push((await page.getByRole('alert').textContent()) ?? '');
    }
    await signIn(page, rig.base, 'locked@seeg.ga', PASSWORD);
    texts.push((await page.getByRole('alert').textContent()) ?? '');
    assert.match(page.url(), /\/console\/login$/, 'still on the sign-in form');
    assert.equal(new Set(texts).size, 1, `the same sentence each time: ${[...new Set(texts)].join(' | ')}`);
    assert.match(texts[0], /Connexion refusée/);
  });

  test('a forged form (wrong CSRF token) is refused 403 and changes nothing', async () => {
    const page = await rig.signedIn('auditor');
    await page.goto(`${rig.base}/console/audit`);
    await page.locator('form[action="/console/logout"] input[name=csrf]').evaluate((el) => ((el as HTMLInputElement).value = 'forged'));
    const [res] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/console/logout')), page.getByRole('button', { name: 'Se déconnecter' }).click()]);
    assert.equal(res.status(), 403);
    assert.equal(await page.locator('h1').textContent(), 'Formulaire expiré');
    await page.goto(`${rig.base}/console/audit`);
    assert.match(page.url(), /\/console\/audit/, 'still signed in: the forged sign-out did nothing');
  });

  test('the desk: a search by name with a slip, the subscriber\'s history, an issue on the caller\'s behalf, a note', async () => {
    const samples = (await (await fetch(`${rig.node.url}/api/v1/demo/samples`)).json()) as { postpaid: string[] };
    const sub = (await rig.node.store.subscribers.findByMeter(samples.postpaid[1]))!;
    const page = await rig.signedIn('agent');
    assert.match(page.url(), /\/console\/guichet$/);
    const family = sub.holder_name.split(' ')[0];
    // One letter dropped from the family name, the first name last, as a caller spells it.
    const slipped = `${family.slice(0, 2)}${family.slice(3)} ${sub.holder_name.split(' ').at(-1)}`.toLowerCase();
    await page.getByLabel('Rechercher un abonné').fill(slipped);
    await page.getByLabel('Agence').selectOption(sub.agency);
    await Promise.all([page.waitForURL(/\/console\/guichet\?q=/), page.getByRole('button', { name: 'Rechercher' }).click()]);
    assert.ok((await page.getByRole('link', { name: sub.holder_name }).count()) > 0, `"${slipped}" in ${sub.agency} lists ${sub.holder_name}`);
    assert.deepEqual(await seriousViolations(page), [], 'the search page');
    await page.getByLabel('Rechercher un abonné').fill(sub.meter_no);
    await page.getByLabel('Agence').selectOption('');
    await Promise.all([page.waitForURL(/\/console\/guichet\?q=/), page.getByRole('button', { name: 'Rechercher' }).click()]);
    await Promise.all([page.waitForURL(/\/console\/abonnes\/\d+$/), page.getByRole('link', { name: sub.holder_name }).click()]);
    assert.equal(await page.locator('h1').textContent(), sub.holder_name);
    assert.deepEqual(await seriousViolations(page), [], 'the subscriber page');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Attribuer le crédit' }).click()]);
    assert.match((await page.locator('#notice').textContent()) ?? '', /Crédit attribué : référence G-\d{8}/);
    const credits = await rig.node.store.claims.creditsOf(sub.id);
    assert.deepEqual(credits.map((c) => c.channel), ['agent']);
    await page.getByLabel('Ajouter une note').fill('Appel du titulaire : crédit attribué par téléphone.');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Enregistrer la note' }).click()]);
    assert.ok(await page.getByText('Appel du titulaire : crédit attribué par téléphone.').isVisible());
  });

  test('the dashboard updates by itself while claims arrive, charts drawn with uPlot from the package', async () => {
    const page = await rig.signedIn('supervisor', { width: 1024, height: 768 });
    const foreign: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(rig.base)) foreign.push(r.url()); });
    assert.match(page.url(), /\/console\/tableau$/);
    await page.waitForSelector('#chart-rate canvas');
    await page.waitForFunction(() => document.getElementById('live-status')?.textContent?.startsWith('En direct'));
    const before = Number(((await page.locator('#kpi-credits').textContent()) ?? '').replace(/\D/g, ''));
    const samples = (await (await fetch(`${rig.node.url}/api/v1/demo/samples`)).json()) as { postpaid: string[]; water: string[] };
    const meters = [...samples.postpaid.slice(2), ...samples.water];
    for (const m of meters) {
      const r = await fetch(`${rig.node.url}/api/v1/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meter_no: m }) });
      assert.equal(r.status, 200, `claim ${m}`);
    }
    // Wait on the page itself: the stream brings the new total within a tick or two.
    await page.waitForFunction((n) => Number((document.getElementById('kpi-credits')?.textContent ?? '').replace(/\D/g, '')) >= n, before + meters.length, { timeout: 20_000 });
    assert.ok((await page.locator('#tbody-agency tr').count()) > 0, 'credits by agency');
    assert.ok((await page.locator('#tbody-outcomes tr').count()) > 0, 'outcomes');
    assert.deepEqual(await seriousViolations(page), [], 'the dashboard');
    assert.deepEqual(foreign, [], 'nothing fetched from elsewhere (no CDN)');
    const tablet = await rig.signedIn('auditor', { width: 768, height: 1024 });
    await tablet.waitForSelector('#chart-line canvas');
    const box = await tablet.locator('body').boundingBox();
    assert.ok(box && box.width <= 768, `no sideways scroll on a tablet (${box?.width} px)`);
  });

  test('a dry run over the whole registry from the JSON editor, then the save; the programme screen', async () => {
    const page = await rig.signedIn('supervisor');
    await page.goto(`${rig.base}/console/programmes`);
    assert.deepEqual(await seriousViolations(page), [], 'the programme screen');
    await Promise.all([page.waitForURL(/editeur$/), page.getByRole('link', { name: 'Modifier le programme (éditeur JSON)' }).click()]);
    const text = await page.getByLabel('Programme (JSON)').inputValue();
    const p = JSON.parse(text) as { cycles: { id: string; budget_fcfa: number }[] };
    p.cycles[1].budget_fcfa = 250_000_000;
    await page.getByLabel('Programme (JSON)').fill(JSON.stringify(p, null, 2));
    await page.getByLabel('Période à simuler').fill('phase-2');
    await page.getByLabel('Comparer à (programme en vigueur)').selectOption('phase-1');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Vérifier et simuler sur tout le registre' }).click()]);
    const sentence = (await page.locator('#dry-run-sentence').textContent()) ?? '';
    assert.match(sentence, /^[\d\s\u202f\u00a0]+ retenus, [\d\s\u202f\u00a0]+ perdent l’éligibilité par rapport à phase-1, [\d\s\u202f\u00a0]+ la gagnent, budget nécessaire [\d\s\u202f\u00a0]+FCFA sur une enveloppe de 250\s000\s000\sFCFA\.$/, sentence);
    assert.match((await page.locator('#dry-run').textContent()) ?? '', /abonnés examinés en/, 'the whole registry was scanned');
    assert.deepEqual(await seriousViolations(page), [], 'the editor with a result');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(/\/console\/programmes\/enregistrer$/), page.getByRole('button', { name: 'Enregistrer ce programme' }).click()]);
    assert.match((await page.locator('#notice').textContent()) ?? '', /Programme enregistré/);
    assert.equal((await rig.node.store.programmes.latest())?.cycles[1].budget_fcfa, 250_000_000);
  });

  test('an upload with its progress and outcome, an export downloaded, the printable reconciliation', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { REGISTRY_HEADER, subscriberCsvLine } = await import('../../registry/csv.js');
    const { subscriber } = await import('../../test-support/fixtures.js');
    const file = join(rig.node.dir, 'registre-console.csv');
    writeFileSync(file, REGISTRY_HEADER + [subscriber(900_001, { holder_name: 'ENGONE Pulchérie', agency: 'Oyem' }), subscriber(900_002)].map(subscriberCsvLine).join('') + 'x,y\n');
    const page = await rig.signedIn('supervisor');
    await page.goto(`${rig.base}/console/fichiers`);
    assert.deepEqual(await seriousViolations(page), [], 'the imports and exports page');
    await page.getByLabel('Fichier CSV').first().setInputFiles(file);
    await page.getByRole('button', { name: 'Envoyer et importer' }).first().click();
    await page.waitForFunction(() => /Import terminé/.test(document.querySelector('form.upload .result')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const outcome = (await page.locator('form.upload .result').first().textContent()) ?? '';
    assert.match(outcome, /read 3, added 2, updated 0, unchanged 0, rejected 1/);
    assert.ok(await page.getByRole('link', { name: 'Télécharger les lignes refusées' }).isVisible());
    assert.equal((await rig.node.store.subscribers.findByContract('C0900001'))?.holder_name, 'ENGONE Pulchérie');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Télécharger le CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^credits-phase-1-\d+\.csv$/);
    const { readFileSync } = await import('node:fs');
    const saved = readFileSync((await download.path())!, 'utf8');
    assert.match(saved, /^claim_id,contract_no,meter_no,service,metering,programme_id,cycle,fcfa,units,unit,channel,issued_at,billing_grievance\n/);
    assert.ok(saved.trim().split('\n').length > 1, 'credits of phase-1 issued earlier in this run are in it');
    await Promise.all([page.waitForURL(/rapprochement$/), page.getByRole('link', { name: 'Ouvrir la page imprimable' }).click()]);
    assert.match((await page.locator('#rec-head').textContent()) ?? '', /^[0-9a-f]{64}$/);
    assert.deepEqual(await seriousViolations(page), [], 'the reconciliation page');
  });

  test('grievances: an agent logs one at the desk, a supervisor finds it in the queue and decides it; each screen accessible', async () => {
    const samples = (await (await fetch(`${rig.node.url}/api/v1/demo/samples`)).json()) as { postpaid: string[] };
    const sub = (await rig.node.store.subscribers.findByMeter(samples.postpaid[0]))!;
    const agent = await rig.signedIn('agent');
    await agent.goto(`${rig.base}/console/abonnes/${sub.id}`);
    await agent.getByLabel('Catégorie').selectOption('other');
    await agent.getByLabel('Ce que dit l’appelant').fill('<b>Mon voisin</b> a reçu le crédit, pas moi.');
    await Promise.all([agent.waitForURL(/\/console\/reclamations\/R-[0-9A-Z]+\?fait=logged$/), agent.getByRole('button', { name: 'Enregistrer la réclamation' }).click()]);
    const ticket = /reclamations\/(R-[0-9A-Z]+)/.exec(agent.url())![1];
    assert.match((await agent.locator('#notice').textContent()) ?? '', new RegExp(`ticket ${ticket}`));

    const page = await rig.signedIn('supervisor');
    await Promise.all([page.waitForURL(/\/console\/reclamations$/), page.getByRole('link', { name: 'Réclamations' }).click()]);
    const row = page.locator(`tr[data-ticket="${ticket}"]`);
    assert.match((await row.textContent()) ?? '', /Dans les délais\u00a0: reste/, 'the SLA timer says it in words');
    assert.deepEqual(await seriousViolations(page), [], 'the queue');
    await page.getByLabel('Catégorie').selectOption('other');
    await Promise.all([page.waitForURL(/categorie=other/), page.getByRole('button', { name: 'Filtrer' }).click()]);
    await Promise.all([page.waitForURL(new RegExp(`/console/reclamations/${ticket}$`)), page.getByRole('link', { name: ticket }).click()]);
    assert.equal(await page.locator('#message').textContent(), '<b>Mon voisin</b> a reçu le crédit, pas moi.', 'the typed HTML is text');
    assert.deepEqual(await seriousViolations(page), [], 'a grievance with its decision form');
    await page.getByLabel('Rejeter').check();
    await page.getByLabel(/Motif écrit pour l’abonné/).fill('Le crédit de votre voisin ne dépend pas du vôtre ; le vôtre a été attribué le 2 avril.');
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForURL(/fait=decided$/), page.getByRole('button', { name: 'Enregistrer la décision' }).click()]);
    assert.match((await page.locator('#notice').textContent()) ?? '', /Décision enregistrée/);
    assert.deepEqual(await seriousViolations(page), [], 'a decided grievance');
    const decided = await rig.node.store.grievances.byTicket(ticket);
    assert.deepEqual([decided?.status, decided?.decided_by], ['rejected', 'supervisor@seeg.ga']);
    await page.goto(`${rig.base}/console/reclamations/rapport`);
    assert.deepEqual(await seriousViolations(page), [], 'the report');
  });

  test('English on request: the switch comes back to the same screen in English, and it stays so', async () => {
    const page = await rig.signedIn('agent');
    await Promise.all([page.waitForURL(/\/console\/guichet$/), page.getByRole('link', { name: 'English' }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('h1').textContent(), 'Call centre');
    await page.getByLabel('Find a subscriber').fill('zzyzx');
    await Promise.all([page.waitForURL(/q=zzyzx/), page.keyboard.press('Enter')]);
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /No subscriber matches/);
    assert.deepEqual(await seriousViolations(page), [], 'the desk in English');
    await Promise.all([page.waitForURL(/\/console\/guichet/), page.getByRole('link', { name: 'Français' }).click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  });

  test('the admin lands on the accounts, which are accessible, and may read the audit log', async () => {
    const page = await rig.signedIn('admin');
    assert.match(page.url(), /\/console\/comptes$/);
    assert.equal(await page.locator('h1').textContent(), 'Comptes des opérateurs');
    assert.deepEqual(await seriousViolations(page), [], 'the accounts page');
    await Promise.all([page.waitForURL(/\/console\/audit$/), page.getByRole('link', { name: 'Journal d’audit' }).click()]);
    assert.ok((await page.locator('tbody tr').count()) > 0);
  });

  test('a role without the right gets 403 and a page that says so', async () => {
    const page = await rig.signedIn('agent');
    const res = await page.goto(`${rig.base}/console/audit`);
    assert.equal(res?.status(), 403);
    assert.equal(await page.locator('h1').textContent(), 'Accès refusé');
    assert.ok(!(await page.getByRole('link', { name: 'Journal d’audit' }).count()), 'the menu does not offer what the role cannot use');
  });
});
