// The documents panel of the pathway page (issue 19) in a real browser against the whole stack: the case
// manager attaches a scanned discharge letter (PNG), sees it listed, downloads it back byte for byte, and a
// renamed executable is refused in plain words; the page stays axe-clean. Screenshot: tmp/screenshots/documents.png.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Stack } from '../support/stack';
import { Api } from './api-support';
import { expectAccessible, inAssessment, newPage, shot, signInAs, startWebStack, WebStack } from './web-support';

let web: WebStack;
let stack: Stack;
let api: Api;
let browser: Browser;

beforeAll(async () => {
  web = await startWebStack();
  ({ stack, api, browser } = web);
}, 120_000);
afterAll(() => web?.stop());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);
const EXECUTABLE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]);

describe('documents on the pathway page, in a browser', () => {
  it('the case manager attaches a letter, finds it listed, downloads it back; a renamed executable is refused', async () => {
    const id = await inAssessment(api, 'Odette', 'Lambert', 'cm-louise');
    const page = await newPage(browser, stack.apiUrl);
    await signInAs(page, 'Louise Bernard');
    await page.waitForURL('**/portefeuille');
    await page.goto(`/parcours/${id}`);
    const panel = page.getByRole('region', { name: 'Documents' });
    await panel.getByText('Aucun document.').waitFor();

    const form = panel.getByRole('form', { name: 'Ajouter un document' });
    await form.getByLabel('Type de document').selectOption('MEDICAL_CERTIFICATE');
    await form.getByLabel('Intitulé (facultatif)').fill('Certificat du Dr Durand');
    await form.getByLabel(/^Fichier/).setInputFiles({ name: 'certificat.png', mimeType: 'image/png', buffer: PNG });
    await form.getByRole('button', { name: 'Ajouter le document' }).click();
    await panel.getByRole('status').filter({ hasText: 'Document ajouté au parcours.' }).waitFor();
    const item = panel.getByTestId('documents').getByRole('listitem');
    await item.filter({ hasText: 'Certificat médical — Certificat du Dr Durand' }).waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.innerText()).toMatch(/du \d{1,2} \p{L}+ \d{4}, 2,0 ko, ajouté par cm-louise/u);
    // The timeline names it.
    await page.getByTestId('timeline').getByText('Document ajouté (Certificat médical)').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), item.getByRole('button', { name: /Télécharger/ }).click()]);
    expect(download.suggestedFilename()).toBe('certificat.png');
    expect(readFileSync((await download.path()) as string).equals(PNG)).toBe(true);

    await form.getByLabel(/^Fichier/).setInputFiles({ name: 'compte-rendu.pdf', mimeType: 'application/pdf', buffer: EXECUTABLE });
    await form.getByRole('button', { name: 'Ajouter le document' }).click();
    const alert = panel.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('Document refusé : ce fichier n’est ni un PDF ni une image JPEG ou PNG (son contenu a été vérifié, pas seulement son nom).');
    expect(await item.count()).toBe(1);

    await expectAccessible(page, 'pathway page with documents');
    await shot(page, 'documents');
  }, 120_000);
});
