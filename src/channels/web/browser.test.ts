import { test } from 'node:test';
import { located } from '../../test-support/claims.js';
import assert from 'node:assert/strict';
import { startTestNode } from '../../test-support/node.js';
import { launchChromium, phonePage, requireChromium, skipWithoutChromium } from '../../test-support/chromium.js';

const SHOT = '/tmp/guichet-web-answer-360.png';
const skip = skipWithoutChromium('the headless Chromium check of the subscriber page is skipped');

test('a real headless Chromium, JavaScript off, 360 px wide: claim, see the code, refusals, retrouver, English', { skip, timeout: 120_000 }, async () => {
  requireChromium();
  // The real node: SQLite on a temp folder, the demo registry and programme, the STS engine, a real socket.
  const node = await startTestNode();
  const base = node.url;
  const samples = (await (await fetch(`${base}/api/v1/demo/samples`)).json()) as Record<'prepaid' | 'postpaid' | 'water' | 'not_retained', string[]>;
  const prepaid = samples.prepaid[0];
  const prepaidContract = located(node.claims.locate({ meter_no: prepaid })).contract_no;
  const browser = await launchChromium();
  try {
    // Nothing may be fetched from anywhere but this server (no font, CDN or image).
    const { page, foreign } = await phonePage(browser, base);

    const claim = async (numero: string) => {
      await page.goto(base + '/');
      await page.locator('#numero').fill(numero);
      await Promise.all([page.waitForURL(base + '/demande'), page.getByRole('button', { name: 'Vérifier et recevoir mon crédit' }).click()]);
    };
    const noSideways = async () => {
      const box = await page.locator('body').boundingBox();
      assert.ok(box && box.width <= 360, `the page is ${box?.width} px wide on a 360 px screen`);
    };

    await page.goto(base + '/');
    assert.equal(await page.locator('h1').textContent(), 'Recevoir mon crédit d’électricité ou d’eau');
    assert.ok(await page.locator('.demo').isVisible(), 'the DÉMO banner is visible');
    await noSideways();

    // A sample link puts the number in the form; the person still presses the button.
    await page.getByRole('link', { name: prepaid }).click();
    assert.equal(await page.locator('#numero').inputValue(), prepaid);
    await Promise.all([page.waitForURL(base + '/demande'), page.getByRole('button', { name: 'Vérifier et recevoir mon crédit' }).click()]);
    const code = (await page.locator('.token').textContent())?.trim() ?? '';
    assert.match(code, /^\d{4} \d{4} \d{4} \d{4} \d{4}$/);
    assert.ok(await page.getByText('Appuyez sur la touche Entrée (ou #).').isVisible());
    const tokenBox = await page.locator('.token').boundingBox();
    assert.ok(tokenBox && tokenBox.x >= 0 && tokenBox.x + tokenBox.width <= 360, 'the code fits the screen');
    await noSideways();
    await page.screenshot({ path: SHOT, fullPage: true });

    await claim(samples.postpaid[0]);
    assert.match(await page.locator('main').innerText(), /Votre compte d’électricité \(contrat\s\S+, compteur\s\S+\) a été crédité de 20\s000\sFCFA/);
    await claim(samples.water[0]);
    assert.match(await page.locator('main').innerText(), /Votre compte d’eau \(contrat\s\S+, compteur\s\S+\) a été crédité de 15\s000\sFCFA/);
    await claim('12345');
    assert.equal(await page.locator('h1').textContent(), 'Numéro introuvable');
    assert.equal(await page.locator('#numero').inputValue(), '12345');
    await claim(samples.not_retained[0]);
    assert.equal(await page.locator('h1').textContent(), 'Non retenu pour cette phase');
    await claim(prepaid.slice(0, -1) + String((Number(prepaid.at(-1)) + 1) % 10));
    assert.equal(await page.locator('#numero').getAttribute('aria-invalid'), 'true');
    assert.ok(await page.getByRole('alert').isVisible());

    await page.goto(base + '/retrouver');
    await page.locator('#numero').fill(prepaidContract);
    await Promise.all([page.waitForURL(/\/retrouver\?numero=/), page.getByRole('button', { name: 'Rechercher' }).click()]);
    assert.equal((await page.locator('.token').textContent())?.trim(), code, 'retrouver shows the same code');
    // The answer first, as on the claim page: the code is on the first screen of a 360 x 740 phone, no scrolling.
    const found = await page.locator('.token').boundingBox();
    assert.ok(found && found.y >= 0 && found.y + found.height <= 740, `the code is at ${found?.y} px (height ${found?.height}), below the first screen of 740 px`);
    await page.screenshot({ path: '/tmp/guichet-web-retrouver-360.png' });

    await page.getByRole('link', { name: 'English' }).click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.goto(base + '/?lang=en');
    await page.getByLabel('Meter or contract number').fill(prepaid);
    await Promise.all([page.waitForURL(base + '/demande'), page.getByRole('button', { name: 'Check and get my credit' }).click()]);
    assert.equal(await page.locator('h1').textContent(), 'Your top-up code');
    assert.match(await page.locator('main').innerText(), /You already received this code/);
    assert.deepEqual(foreign, []);
  } finally {
    await browser.close();
    await node.stop();
  }
});
