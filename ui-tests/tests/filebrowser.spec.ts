import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@jupyterlab/galata';
import type { Page } from '@playwright/test';
import { getFromSidecar, readHscfg, saveScreenshot, sidecarStatus } from './helpers.js';
import { contextMenu, currentFolder, domainView, item, openDomains } from './lab-ui.js';

// JupyterLab keeps a toast's first type class when it is updated; react-toastify's class follows the type.
const SUCCESS_TOAST = '.Toastify__toast--success';

// Values the sample file holds, written by h5py and compared with what the service serves.
const SAMPLE_VALUES = Array.from({ length: 50 }, (_, i) => i * 0.25);

/** Length of the sample's 'big' dataset: 3.2 MB, so that the upload goes in several parts. */
const BIG_LENGTH = 400_000;

/** A real HDF5 file made by h5py, outside the lab's root (as a file on the user's computer). */
function makeSample(name: string): string {
  const dir = mkdtempSync(path.join(process.env.H5LAB_UI_TMP ?? tmpdir(), 'sample-'));
  const file = path.join(dir, name);
  execFileSync('python3', [
    '-c',
    'import sys, h5py, numpy as np\n' +
      'with h5py.File(sys.argv[1], "w") as f:\n' +
      '    f["values"] = np.arange(50) * 0.25\n' +
      `    f["big"] = np.arange(${BIG_LENGTH}, dtype="<f8")\n` +
      '    f.attrs["title"] = "sample"\n',
    file,
  ]);
  return file;
}

/** The status the sidecar answers for a domain, asked directly with the lab user's credentials. */
async function domainStatus(domain: string): Promise<number> {
  const cfg = readHscfg();
  const authorization = `Basic ${Buffer.from(`${cfg.hs_username}:${cfg.hs_password}`).toString('base64')}`;
  const response = await fetch(`${cfg.hs_endpoint}/?domain=${encodeURIComponent(domain)}`, { headers: { authorization } });
  await response.arrayBuffer();
  return response.status;
}

async function datasetValues(domain: string, h5path: string, select = ''): Promise<unknown> {
  const query = `domain=${encodeURIComponent(domain)}`;
  const object = await getFromSidecar(`/?${query}&h5path=${encodeURIComponent(h5path)}`);
  expect(object.status).toBe(200);
  return (await getFromSidecar(`/datasets/${object.json.id}/value?${query}${select ? `&select=${select}` : ''}`)).json.value;
}

async function rename(page: Page, to: string): Promise<void> {
  const editor = page.locator('#h5lab-domain-browser .jp-DirListing-editor');
  await expect(editor).toBeVisible();
  await editor.fill(to);
  await editor.press('Enter');
}

test.describe.serial('HDF Domains', () => {
  const folderName = `ui-${Date.now().toString(36)}`;
  let home: string;
  let folder: string;

  test.beforeAll(async ({ request }) => {
    home = (await sidecarStatus(request)).home.path;
    folder = `${home}/${folderName}`;
  });

  test('opens in the home folder; a new folder is created and entered, and a new domain made in it', async ({ page }) => {
    const plugin = await page.evaluate(() => (window as any).jupyterapp.isPluginActivated('h5lab:filebrowser'));
    expect(plugin).toBe(true);
    const browser = await openDomains(page);
    await expect.poll(() => currentFolder(page)).toBe(`${home}/`);

    await browser.locator('[data-command="h5lab:domains-new-folder"]').click();
    await rename(page, folderName);
    const created = item(browser, folderName);
    await expect(created).toBeVisible();
    await expect(created).toHaveAttribute('data-isdir', 'true');
    expect((await getFromSidecar(`/?domain=${folder}`)).json.class).toBe('folder');

    await created.dblclick();
    await expect.poll(() => currentFolder(page)).toBe(`${folder}/`);

    await browser.locator('[data-command="h5lab:domains-new-domain"]').click();
    await rename(page, 'made.h5');
    await expect(item(browser, 'made.h5')).toHaveAttribute('data-file-type', 'hdf-domain');
    expect((await getFromSidecar(`/?domain=${folder}/made.h5`)).json.root).toMatch(/^g-/);
    await saveScreenshot(browser, 'domains-new-folder');
  });

  test('an .h5 file from the computer is uploaded in parts, loaded by the service and listed', async ({ page }) => {
    const sample = makeSample('sample.h5');
    const browser = await openDomains(page);
    await item(browser, folderName).dblclick();
    await expect.poll(() => currentFolder(page)).toBe(`${folder}/`);

    const chooser = page.waitForEvent('filechooser');
    await browser.locator('[data-command="h5lab:domains-upload"]').click();
    await (await chooser).setFiles(sample);
    const listed = item(browser, 'sample.h5');
    await expect(listed).toBeVisible({ timeout: 30_000 });
    await expect(listed).toHaveAttribute('data-file-type', 'hdf-domain');
    await expect(listed.locator('.h5lab-DomainBrowser-owner')).toHaveText(readHscfg().hs_username);
    await expect(page.locator(SUCCESS_TOAST, { hasText: `Loaded sample.h5 into ${folder}` })).toBeVisible({ timeout: 30_000 });
    await saveScreenshot(page, 'domains-uploaded');
    expect(await datasetValues(`${folder}/sample.h5`, '/values')).toEqual(SAMPLE_VALUES);
    const tail = Array.from({ length: 5 }, (_, i) => BIG_LENGTH - 5 + i);
    expect(await datasetValues(`${folder}/sample.h5`, '/big', `[${BIG_LENGTH - 5}:${BIG_LENGTH}]`)).toEqual(tail);

    // Double-click hands the domain to the domain viewer's command.
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      (window as any).openedDomains = [];
      app.commands.commandExecuted.connect((_: unknown, call: { id: string; args: unknown }) => {
        if (call.id === 'h5lab:open-domain') (window as any).openedDomains.push(call.args);
      });
    });
    await listed.dblclick();
    await expect.poll(() => page.evaluate(() => (window as any).openedDomains)).toEqual([{ domain: `${folder}/sample.h5` }]);
  });

  test('an .h5 file dropped on the listing is loaded too; other files are refused', async ({ page }) => {
    const browser = await openDomains(page);
    await item(browser, folderName).dblclick();
    await expect.poll(() => currentFolder(page)).toBe(`${folder}/`);
    const drop = async (name: string, bytes: Buffer): Promise<void> => {
      const dataTransfer = await page.evaluateHandle(
        ({ name, base64 }) => {
          const binary = atob(base64);
          const data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([data], name));
          return transfer;
        },
        { name, base64: bytes.toString('base64') },
      );
      await browser.locator('.jp-DirListing-content').dispatchEvent('drop', { dataTransfer });
    };
    await drop('dropped.h5', readFileSync(makeSample('dropped.h5')));
    await expect(item(browser, 'dropped.h5')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(SUCCESS_TOAST, { hasText: `Loaded dropped.h5 into ${folder}` })).toBeVisible({ timeout: 30_000 });
    expect(await datasetValues(`${folder}/dropped.h5`, '/values')).toEqual(SAMPLE_VALUES);

    await drop('notes.h5', Buffer.from('plain text, not HDF5\n'));
    await expect(page.locator('.jp-Dialog-content')).toContainText('notes.h5 is not an HDF5 file');
    await page.locator('.jp-Dialog-button', { hasText: 'Close' }).click();
    expect(await domainStatus(`${folder}/notes.h5`)).toBe(404);
  });

  test('renaming a domain moves it, with its data, and its open view follows', async ({ page }) => {
    const browser = await openDomains(page);
    await item(browser, folderName).dblclick();
    await item(browser, 'sample.h5').dblclick();
    await expect(domainView(page, `${folder}/sample.h5`)).toHaveAttribute('data-state', 'open');
    // F2 in HDF Domains renames there (the lab's own F2 would rename in its file browser).
    await item(browser, 'sample.h5').click();
    await page.keyboard.press('F2');
    await rename(page, 'renamed.h5');
    await expect(item(browser, 'renamed.h5')).toBeVisible();
    await expect(item(browser, 'sample.h5')).toHaveCount(0);
    expect(await domainStatus(`${folder}/sample.h5`)).toBe(410);
    expect(await datasetValues(`${folder}/renamed.h5`, '/values')).toEqual(SAMPLE_VALUES);
    await expect(domainView(page, `${folder}/renamed.h5`)).toHaveAttribute('data-state', 'open');
    await expect(domainView(page, `${folder}/sample.h5`)).toHaveCount(0);
  });

  test('sharing with a user and the public sets the ACLs the service enforces', async ({ page }) => {
    const domain = `${folder}/renamed.h5`;
    const browser = await openDomains(page);
    await item(browser, folderName).dblclick();
    await contextMenu(page, item(browser, 'renamed.h5'), 'Share…');
    const dialog = page.locator('.jp-Dialog .h5lab-ShareDialog');
    await expect(dialog.locator('tr[data-acl-name]')).toHaveCount(1);

    await dialog.getByLabel('User name').fill('test_user1');
    await dialog.getByLabel('Access to give').selectOption('read');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect(dialog.locator('tr[data-acl-name="test_user1"]')).toContainText('test_user1');

    await dialog.getByLabel('Share with').selectOption('public');
    await dialog.getByLabel('Access to give').selectOption('read');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect(dialog.locator('tr[data-acl-name="default"]')).toContainText('Everyone (public)');
    await saveScreenshot(page.locator('.jp-Dialog-content'), 'domains-share-dialog');

    // Read/write for test_user1, from its row.
    await dialog.locator('tr[data-acl-name="test_user1"] select').selectOption('readwrite');
    await expect(dialog.locator('tr[data-acl-name="test_user1"] select')).toHaveValue('readwrite');
    await page.locator('.jp-Dialog-button', { hasText: 'Done' }).click();

    const acls = (await getFromSidecar(`/acls?domain=${encodeURIComponent(domain)}`)).json.acls as Record<string, unknown>[];
    const flags = (name: string) => {
      const entry = acls.find((acl) => acl.userName === name)!;
      return ['create', 'read', 'update', 'delete', 'readACL', 'updateACL'].map((flag) => entry[flag]);
    };
    expect(flags('test_user1')).toEqual([true, true, true, true, false, false]);
    expect(flags('default')).toEqual([false, true, false, false, false, false]);
    // Public read, for real: the sidecar answers a request without credentials.
    const anonymous = await fetch(`${readHscfg().hs_endpoint}/?domain=${encodeURIComponent(domain)}`);
    expect(anonymous.status).toBe(200);
  });

  test('Download as .h5 writes the domain into a file that h5py reads', async ({ page }) => {
    const browser = await openDomains(page);
    await item(browser, folderName).dblclick();
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await contextMenu(page, item(browser, 'renamed.h5'), 'Download as .h5');
    const saved = path.join(mkdtempSync(path.join(process.env.H5LAB_UI_TMP ?? tmpdir(), 'download-')), 'renamed.h5');
    await (await download).saveAs(saved);
    const read = execFileSync('python3', ['-c', 'import sys, json, h5py\nwith h5py.File(sys.argv[1]) as f: print(json.dumps(f["values"][...].tolist()))', saved]);
    expect(JSON.parse(read.toString())).toEqual(SAMPLE_VALUES);
    expect(readFileSync(saved).subarray(0, 4).toString('latin1')).toBe('\x89HDF');
  });

  test('a file of the lab is loaded from the file browser’s context menu', async ({ page, tmpPath }) => {
    const sample = makeSample('from-lab.h5');
    await page.contents.uploadFile(sample, `${tmpPath}/from-lab.h5`);
    await page.filebrowser.openDirectory(tmpPath);
    const file = page.locator('#filebrowser .jp-DirListing-item', { hasText: 'from-lab.h5' });
    await file.click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Load into HDF Domains…' }).click();
    const folderInput = page.locator('.jp-Dialog .h5lab-LoadTarget-folder');
    await expect(folderInput).toBeVisible();
    await folderInput.fill(`${folder}/`);
    await page.locator('.jp-Dialog .h5lab-LoadTarget-name').fill('loaded.h5');
    await saveScreenshot(page.locator('.jp-Dialog-content'), 'domains-load-into');
    await page.locator('.jp-Dialog-button', { hasText: 'Load' }).click();
    await expect(page.locator(SUCCESS_TOAST, { hasText: `Loaded loaded.h5 into ${folder}` })).toBeVisible({ timeout: 30_000 });
    expect(await datasetValues(`${folder}/loaded.h5`, '/values')).toEqual(SAMPLE_VALUES);
    // The lab's own file stays where it was.
    expect(await page.contents.fileExists(`${tmpPath}/from-lab.h5`)).toBe(true);
  });

  test('deleting asks first; a folder with domains is kept with a reason', async ({ page }) => {
    const browser = await openDomains(page);
    await expect.poll(() => currentFolder(page)).toBe(`${home}/`);
    await contextMenu(page, item(browser, folderName), 'Delete');
    await expect(page.locator('.jp-Dialog-content')).toContainText('Only empty folders can be deleted');
    await page.locator('.jp-Dialog-button', { hasText: 'Delete' }).click();
    await expect(page.locator('.jp-Dialog-content')).toContainText(`The folder ${folder} is not empty (4 items)`);
    await saveScreenshot(page.locator('.jp-Dialog-content'), 'domains-delete-refused');
    await page.locator('.jp-Dialog-button', { hasText: 'Close' }).click();
    expect(await domainStatus(folder)).toBe(200);

    await item(browser, folderName).dblclick();
    // A view of a domain closes when the domain is deleted.
    await item(browser, 'renamed.h5').dblclick();
    await expect(domainView(page, `${folder}/renamed.h5`)).toHaveAttribute('data-state', 'open');
    for (const name of ['renamed.h5', 'loaded.h5', 'dropped.h5', 'made.h5']) {
      await item(browser, name).click();
      await page.keyboard.press('Delete');
      const confirm = page.locator('.jp-Dialog-content');
      await expect(confirm).toContainText(`Delete ${folder}/${name}? Domains are removed from the HDF service with all their data.`);
      if (name === 'renamed.h5') await saveScreenshot(confirm, 'domains-delete-confirm');
      await page.locator('.jp-Dialog-button', { hasText: 'Delete' }).click();
      await expect(item(browser, name)).toHaveCount(0);
      expect(await domainStatus(`${folder}/${name}`)).toBe(410);
    }
    await expect(domainView(page, `${folder}/renamed.h5`)).toHaveCount(0);
    await browser.locator('[data-command="h5lab:domains-home"]').click();
    await expect.poll(() => currentFolder(page)).toBe(`${home}/`);
    await contextMenu(page, item(browser, folderName), 'Delete');
    await page.locator('.jp-Dialog-button', { hasText: 'Delete' }).click();
    await expect(item(browser, folderName)).toHaveCount(0);
    expect(await domainStatus(folder)).toBe(410);
  });
});

