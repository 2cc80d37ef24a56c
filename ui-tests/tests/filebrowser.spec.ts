import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import { getFromSidecar, readHscfg, saveScreenshot, sidecarStatus } from './helpers.js';

// Values the sample file holds, written by h5py and compared with what the service serves.
const SAMPLE_VALUES = Array.from({ length: 50 }, (_, i) => i * 0.25);

/** A real HDF5 file made by h5py, outside the lab's root (as a file on the user's computer). */
function makeSample(name: string): string {
  const dir = mkdtempSync(path.join(process.env.H5LAB_UI_TMP ?? tmpdir(), 'sample-'));
  const file = path.join(dir, name);
  execFileSync('python3', [
    '-c',
    'import sys, h5py, numpy as np\n' +
      'with h5py.File(sys.argv[1], "w") as f:\n' +
      '    f["values"] = np.arange(50) * 0.25\n' +
      '    f["group"] = np.ones((3, 4), dtype="i4")\n' +
      '    f.attrs["title"] = "sample"\n',
    file,
  ]);
  return file;
}

/** What the sidecar says about a domain, asked directly with the lab user's credentials. */
async function domainStatus(domain: string): Promise<number> {
  return (await getFromSidecar(`/?domain=${encodeURIComponent(domain)}`)).status;
}

async function datasetValues(domain: string, h5path: string): Promise<unknown> {
  const query = `domain=${encodeURIComponent(domain)}`;
  const object = await getFromSidecar(`/?${query}&h5path=${encodeURIComponent(h5path)}`);
  expect(object.status).toBe(200);
  return (await getFromSidecar(`/datasets/${object.json.id}/value?${query}`)).json.value;
}

async function openDomains(page: Page): Promise<Locator> {
  await page.locator('.jp-SideBar.jp-mod-left [data-id="h5lab-domain-browser"]').click();
  const browser = page.locator('#h5lab-domain-browser');
  await expect(browser).toBeVisible();
  return browser;
}

function item(browser: Locator, name: string): Locator {
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return browser.locator('.jp-DirListing-item', { has: browser.page().locator('.jp-DirListing-itemText', { hasText: exact }) });
}

async function contextMenu(page: Page, target: Locator, label: string): Promise<void> {
  await target.click({ button: 'right' });
  const menu = page.locator('.h5lab-DomainBrowser-menu');
  await expect(menu).toBeVisible();
  await menu.locator('.lm-Menu-item', { has: page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${label}$`) }) }).click();
}

async function rename(page: Page, to: string): Promise<void> {
  const editor = page.locator('#h5lab-domain-browser .jp-DirListing-editor');
  await expect(editor).toBeVisible();
  await editor.fill(to);
  await editor.press('Enter');
}

async function currentFolder(page: Page): Promise<string> {
  return page.evaluate(async () => (await (window as any).galata.getPlugin('h5lab:filebrowser')).currentFolder);
}

test.describe.serial('HDF Domains', () => {
  const folderName = `ui-${Date.now().toString(36)}`;
  let home: string;
  let folder: string;

  test.beforeAll(async ({ request }) => {
    home = (await sidecarStatus(request)).home.path;
    folder = `${home}/${folderName}`;
  });

  test('opens in the home folder; a new folder is created and entered', async ({ page }) => {
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
    await saveScreenshot(browser, 'domains-new-folder');
  });

  test('an .h5 file from the computer is uploaded, loaded by the service and listed', async ({ page }) => {
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
    await expect(page.locator('.jp-Notification-Toast-success', { hasText: `Loaded sample.h5 into ${folder}` })).toBeVisible({ timeout: 30_000 });
    expect(await datasetValues(`${folder}/sample.h5`, '/values')).toEqual(SAMPLE_VALUES);
    await saveScreenshot(page, 'domains-uploaded');
  });

  test('renaming a domain moves it, with its data', async ({ page }) => {
    const browser = await openDomains(page);
    await item(browser, folderName).dblclick();
    await contextMenu(page, item(browser, 'sample.h5'), 'Rename');
    await rename(page, 'renamed.h5');
    await expect(item(browser, 'renamed.h5')).toBeVisible();
    await expect(item(browser, 'sample.h5')).toHaveCount(0);
    expect(await domainStatus(`${folder}/sample.h5`)).toBe(410);
    expect(await datasetValues(`${folder}/renamed.h5`, '/values')).toEqual(SAMPLE_VALUES);
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
    await expect(page.locator('.jp-Notification-Toast-success', { hasText: `Loaded loaded.h5 into ${folder}` })).toBeVisible({ timeout: 30_000 });
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
    await expect(page.locator('.jp-Dialog-content')).toContainText(`The folder ${folder} is not empty (2 items)`);
    await saveScreenshot(page.locator('.jp-Dialog-content'), 'domains-delete-refused');
    await page.locator('.jp-Dialog-button', { hasText: /Ok|Dismiss/i }).click();
    expect(await domainStatus(folder)).toBe(200);

    await item(browser, folderName).dblclick();
    for (const name of ['renamed.h5', 'loaded.h5']) {
      await item(browser, name).click();
      await page.keyboard.press('Delete');
      const confirm = page.locator('.jp-Dialog-content');
      await expect(confirm).toContainText(`Delete ${folder}/${name}? Domains are removed from the HDF service with all their data.`);
      if (name === 'renamed.h5') await saveScreenshot(confirm, 'domains-delete-confirm');
      await page.locator('.jp-Dialog-button', { hasText: 'Delete' }).click();
      await expect(item(browser, name)).toHaveCount(0);
      expect(await domainStatus(`${folder}/${name}`)).toBe(410);
    }
    await browser.locator('[data-command="h5lab:domains-home"]').click();
    await expect.poll(() => currentFolder(page)).toBe(`${home}/`);
    await contextMenu(page, item(browser, folderName), 'Delete');
    await page.locator('.jp-Dialog-button', { hasText: 'Delete' }).click();
    await expect(item(browser, folderName)).toHaveCount(0);
    expect(await domainStatus(folder)).toBe(410);
  });
});

