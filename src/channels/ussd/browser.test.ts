/** @module Tests: the USSD emulator in a real headless Chromium with JavaScript off: dial *855#, choose 1, type a sample number, see the code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestNode } from '../../test-support/node.js';
import { launchChromium, phonePage, requireChromium, skipWithoutChromium } from '../../test-support/chromium.js';

const SHOT = '/tmp/guichet-ussd-emulator.png';
const skip = skipWithoutChromium('the headless Chromium check of the USSD emulator is skipped');

test('the emulator in Chromium, JavaScript off: dial, 1 on the keypad, a sample prepaid number, the code screen', { skip, timeout: 120_000 }, async () => {
  requireChromium();
  const node = await startTestNode();
  const base = node.url;
  const samples = (await (await fetch(`${base}/api/v1/demo/samples`)).json()) as { prepaid: string[] };
  const browser = await launchChromium();
  try {
    const { page, foreign } = await phonePage(browser, base);
    const screen = async () => (await page.locator('#screen').textContent()) ?? '';
    const submit = (name: string) => Promise.all([page.waitForURL(`${base}/demo/ussd`), page.getByRole('button', { name, exact: true }).click()]);

    await page.goto(`${base}/demo/ussd`);
    assert.equal(await page.getByLabel('Code à composer').inputValue(), '*855#', 'ready to dial *855#');
    await submit('Appeler');
    assert.match(await screen(), /^Crédit offert électricité et eau\n1 Obtenir mon crédit/, `the menu: ${await screen()}`);

    await submit('1');
    assert.equal(await page.getByLabel('Votre réponse').inputValue(), '1', 'the keypad typed 1');
    await submit('Envoyer');
    assert.match(await screen(), /^Tapez votre numéro de compteur/, `the prompt: ${await screen()}`);

    await page.getByLabel('Votre réponse').fill(samples.prepaid[0]);
    await submit('Envoyer');
    const code = await screen();
    assert.match(code, /^Votre code électricité \([\d ,]+ kWh, 20 000 FCFA\):\n\d{4} \d{4} \d{4} \d{4} \d{4}\n/, `the code screen: ${code}`);
    const box = await page.locator('#screen').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 360, 'the phone screen fits a 360 px display');
    await page.screenshot({ path: SHOT, fullPage: true });

    await submit('OK');
    assert.equal(await page.getByLabel('Code à composer').inputValue(), '*855#', 'OK hangs up');
    assert.deepEqual(foreign, [], 'nothing fetched from elsewhere');
  } finally {
    await browser.close();
    await node.stop();
  }
});
