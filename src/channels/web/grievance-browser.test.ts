/** @module A real headless Chromium, JavaScript off, 360 px: refusal → Contester → the ticket → its status → decided → the credit; HTML typed shown as text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestNode } from '../../test-support/node.js';
import { launchChromium, phonePage, requireChromium, skipWithoutChromium } from '../../test-support/chromium.js';

const skip = skipWithoutChromium('the headless Chromium check of the grievance pages is skipped');
const HOSTILE = `<b id="injected">gras</b><img src=x onerror=alert(1)> & «\u00a0guillemets\u00a0»`;

test('Chromium, JavaScript off, 360 px: a refusal contested, the ticket first, its status, the decision, then the credit', { skip, timeout: 120_000 }, async () => {
  requireChromium();
  const node = await startTestNode();
  const base = node.url;
  const samples = (await (await fetch(`${base}/api/v1/demo/samples`)).json()) as Record<'not_retained', string[]>;
  const refused = samples.not_retained[0];
  const browser = await launchChromium();
  try {
    const { page, foreign } = await phonePage(browser, base);
    const noSideways = async () => {
      const box = await page.locator('body').boundingBox();
      assert.ok(box && box.width <= 360, `the page is ${box?.width} px wide on a 360 px screen`);
    };
    const onFirstScreen = async (selector: string) => {
      const b = await page.locator(selector).first().boundingBox();
      assert.ok(b && b.y >= 0 && b.y + b.height <= 740, `${selector} at ${b?.y} px (height ${b?.height}): not on the first screen`);
    };

    // The refusal, then its "Contester" form with the refusal's category checked and the number filled in.
    await page.goto(base + '/');
    await page.getByLabel('Numéro de compteur ou de contrat').fill(refused);
    await Promise.all([page.waitForURL(base + '/demande'), page.getByRole('button', { name: 'Vérifier et recevoir mon crédit' }).click()]);
    assert.equal(await page.locator('h1').textContent(), 'Non retenu pour cette phase');
    const contest = page.locator('#contester');
    assert.ok(await contest.getByRole('radio', { name: 'Je n’ai pas été retenu et je pense y avoir droit' }).isChecked(), 'the refusal\'s category is checked');
    assert.equal(await contest.getByLabel('Numéro de compteur ou de contrat').inputValue(), refused);
    await noSideways();
    await contest.getByLabel('Votre message (facultatif)').fill(HOSTILE);
    await Promise.all([page.waitForURL(base + '/reclamation'), contest.getByRole('button', { name: 'Contester' }).click()]);

    // The ticket first, on the first screen; the message as text, never markup.
    const h1 = (await page.locator('h1').textContent()) ?? '';
    const ticket = /^Votre réclamation (R-[0-9A-Z]{6}) est enregistrée$/.exec(h1)?.[1];
    assert.ok(ticket, `the ticket heads the page: ${h1}`);
    await onFirstScreen('h1');
    assert.equal(await page.locator('.quote').textContent(), HOSTILE, 'the message shown as typed');
    assert.equal(await page.locator('#injected').count(), 0, 'no element was made from the message');
    assert.equal(await page.locator('main img').count(), 0);
    await noSideways();
    await page.screenshot({ path: '/tmp/guichet-web-grievance-360.png', fullPage: true });

    await Promise.all([page.waitForURL(`${base}/reclamation/${ticket}`), page.getByRole('link', { name: 'Suivre cette réclamation' }).click()]);
    assert.equal(await page.locator('h1').textContent(), `Réclamation ${ticket}`);
    assert.match(await page.locator('main').innerText(), /Enregistrée, en attente d’examen/);
    await noSideways();

    // A supervisor accepts it (the console's work): the page says so in plain words, and the claim now goes through.
    const d = await node.grievances.decide(ticket, { decision: 'accepted', reason: 'Votre puissance était mal enregistrée <i>erreur</i>.' }, { username: 'sup@seeg.ga', role: 'supervisor' });
    assert.equal(d.kind, 'decided');
    await page.reload();
    const decided = await page.locator('main').innerText();
    assert.match(decided, /Décision\s+Acceptée/);
    assert.match(decided, /Votre puissance était mal enregistrée <i>erreur<\/i>\./, 'the reason as text');
    await onFirstScreen('.big');
    await Promise.all([page.waitForURL(/\/\?numero=/), page.getByRole('link', { name: 'Demander mon crédit maintenant' }).click()]);
    assert.equal(await page.getByLabel('Numéro de compteur ou de contrat').inputValue(), refused);
    await Promise.all([page.waitForURL(base + '/demande'), page.getByRole('button', { name: 'Vérifier et recevoir mon crédit' }).click()]);
    assert.match(await page.locator('h1').textContent() ?? '', /Votre code de recharge|Votre compte est crédité/, 'the exception lets the claim through');

    // Found again by meter number; a mistyped ticket is a page in French; the English toggle.
    await page.goto(base + '/reclamation');
    await page.getByLabel('Numéro de réclamation ou de compteur').fill(refused);
    await Promise.all([page.waitForURL(/\/reclamation\?q=/), page.getByRole('button', { name: 'Voir l’état' }).click()]);
    assert.ok(await page.getByRole('link', { name: ticket }).isVisible());
    await onFirstScreen(`a[href="/reclamation/${ticket}"]`);
    const wrong = await page.goto(`${base}/reclamation/R-ZZZZZZ`);
    assert.equal(wrong?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Réclamation introuvable');
    await page.goto(`${base}/reclamation/${ticket}`);
    await page.getByRole('link', { name: 'English' }).click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.match(await page.locator('main').innerText(), /Decision\s+Accepted/);
    assert.deepEqual(foreign, []);
  } finally {
    await browser.close();
    await node.stop();
  }
});
