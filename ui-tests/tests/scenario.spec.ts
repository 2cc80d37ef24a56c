/**
 * The end-to-end scenario, as a user goes through it: open HDF Domains, create a folder, upload an
 * .h5 file made by h5py, open it, see a 2-D dataset as a heatmap, slice a 3-D dataset, read attributes,
 * share the domain with another user (ACL checked through the REST API), and show a dataset with the viewer
 * widget from a notebook cell. Screenshots of every step are saved on every run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@jupyterlab/galata';
import { getFromSidecar, readHscfg, saveScreenshot, sidecarStatus } from './helpers.js';
import { contextMenu, currentFolder, distinctColours, item, loadedViewer, openDomains, row } from './lab-ui.js';
import { cellViewer, runCode } from './notebook-viewer.js';

const SUCCESS_TOAST = '.Toastify__toast--success';
const CUBE_SHAPE = [4, 50, 60];
const HEATMAP_SHAPE = [300, 400];

/** cube[k, i, j]: each slice k has its own values. */
const cubeValue = (k: number, i: number, j: number): number => k * 100_000 + i * 100 + j;

/** The sample, written by h5py outside the lab's root (a file on the user's computer). */
function makeSample(): string {
  const file = path.join(mkdtempSync(path.join(process.env.H5LAB_UI_TMP ?? tmpdir(), 'scenario-')), 'experiment.h5');
  execFileSync('python3', [
    '-c',
    'import sys, h5py, numpy as np\n' +
      'with h5py.File(sys.argv[1], "w") as f:\n' +
      '    f.attrs["title"] = "h5lab scenario"\n' +
      '    f.attrs["limits"] = np.array([-1.5, 2.5])\n' +
      `    y, x = np.mgrid[0:${HEATMAP_SHAPE[0]}, 0:${HEATMAP_SHAPE[1]}]\n` +
      '    f.create_dataset("images/heatmap", data=(np.sin(y / 40) * np.cos(x / 55) + y / 300).astype("f4"), chunks=(100, 100))\n' +
      `    k, i, j = np.indices((${CUBE_SHAPE.join(', ')}))\n` +
      '    cube = f.create_dataset("cube", data=(k * 100000 + i * 100 + j).astype("i4"))\n' +
      '    cube.attrs["units"] = "counts"\n',
    file,
  ]);
  return file;
}

// Room for tree, viewer and metadata side by side.
test.use({ viewport: { width: 1440, height: 900 } });

test('domain browser to notebook widget: the whole scenario', async ({ page, request }) => {
  test.setTimeout(180_000);
  const home = (await sidecarStatus(request)).home.path;
  const folderName = `scenario-${Date.now().toString(36)}`;
  const folder = `${home}/${folderName}`;
  const domain = `${folder}/experiment.h5`;
  const browser = await openDomains(page);

  await test.step('create a folder in HDF Domains', async () => {
    await expect.poll(() => currentFolder(page)).toBe(`${home}/`);
    await browser.locator('[data-command="h5lab:domains-new-folder"]').click();
    const editor = browser.locator('.jp-DirListing-editor');
    await expect(editor).toBeVisible();
    await editor.fill(folderName);
    await editor.press('Enter');
    await expect(item(browser, folderName)).toHaveAttribute('data-isdir', 'true');
    expect((await getFromSidecar(`/?domain=${folder}`)).json.class).toBe('folder');
    await item(browser, folderName).dblclick();
    await expect.poll(() => currentFolder(page)).toBe(`${folder}/`);
    await saveScreenshot(page, 'scenario-1-folder');
  });

  await test.step('upload the sample .h5', async () => {
    const chooser = page.waitForEvent('filechooser');
    await browser.locator('[data-command="h5lab:domains-upload"]').click();
    await (await chooser).setFiles(makeSample());
    await expect(page.locator(SUCCESS_TOAST, { hasText: `Loaded experiment.h5 into ${folder}` })).toBeVisible({ timeout: 30_000 });
    const listed = item(browser, 'experiment.h5');
    await expect(listed).toHaveAttribute('data-file-type', 'hdf-domain');
    await expect(listed.locator('.h5lab-DomainBrowser-owner')).toHaveText(readHscfg().hs_username);
    await saveScreenshot(page, 'scenario-2-uploaded');
  });

  const view = page.locator(`.h5lab-DomainView[data-domain="${domain}"]`);
  await test.step('open it', async () => {
    await item(browser, 'experiment.h5').dblclick();
    await expect(view.locator('.h5lab-DomainView-content')).toHaveAttribute('data-state', 'open');
    const paths = await view.locator('.h5lab-Tree-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    expect(paths).toEqual(['/', '/cube', '/images']);
  });

  await test.step('a 2-D dataset as a heatmap', async () => {
    await row(view, '/images').click();
    await row(view, '/images/heatmap').click();
    const canvas = loadedViewer(view, '/images/heatmap', 'heatmap').locator('canvas').first();
    await expect(canvas).toBeVisible();
    const metadata = view.locator('.h5lab-MetadataPanel');
    await expect(metadata.locator('[data-field="shape"]')).toHaveText(HEATMAP_SHAPE.join(' × '));
    await expect(metadata.locator('[data-field="type"]')).toHaveText('float32');
    await page.waitForTimeout(300);
    const area = view.locator('.h5lab-DomainView-viewer');
    const shot = await area.screenshot();
    await saveScreenshot(view, 'scenario-3-heatmap');
    expect(await distinctColours(page, shot)).toBeGreaterThan(200);
  });

  await test.step('slice a 3-D dataset', async () => {
    await row(view, '/cube').click();
    await expect(loadedViewer(view, '/cube', 'heatmap').locator('canvas').first()).toBeVisible();
    await view.locator('.h5lab-DatasetView-tab[data-viewer="matrix"]').click();
    const matrix = loadedViewer(view, '/cube', 'matrix');
    const cell = (value: number) => matrix.getByRole('gridcell', { name: String(value), exact: true });
    await expect(cell(cubeValue(0, 1, 2))).toBeVisible();
    const slider = view.locator('.h5lab-DimensionMapper [role="slider"]');
    await expect(slider).toHaveAttribute('aria-valuenow', '0');
    await slider.focus();
    await page.keyboard.press('End');
    await expect(slider).toHaveAttribute('aria-valuenow', String(CUBE_SHAPE[0] - 1));
    await expect(cell(cubeValue(3, 1, 2))).toBeVisible();
    await expect(cell(cubeValue(0, 1, 2))).toHaveCount(0);
    await saveScreenshot(view, 'scenario-4-cube-sliced');
  });

  await test.step('read attributes', async () => {
    const metadata = view.locator('.h5lab-MetadataPanel');
    await expect(metadata.locator('[data-attribute="units"] .h5lab-MetadataPanel-value')).toHaveText('counts');
    await row(view, '/').click();
    await expect(metadata.locator('[data-attribute="title"] .h5lab-MetadataPanel-value')).toHaveText('h5lab scenario');
    await expect(metadata.locator('[data-attribute="limits"] .h5lab-MetadataPanel-value')).toHaveText('[-1.5, 2.5]');
    await saveScreenshot(view, 'scenario-5-attributes');
  });

  await test.step('share with another user; the ACL is what the REST API says', async () => {
    await openDomains(page);
    await expect.poll(() => currentFolder(page)).toBe(`${folder}/`);
    await contextMenu(page, item(browser, 'experiment.h5'), 'Share…');
    const dialog = page.locator('.jp-Dialog .h5lab-ShareDialog');
    await dialog.getByLabel('User name').fill('test_user1');
    await dialog.getByLabel('Access to give').selectOption('read');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect(dialog.locator('tr[data-acl-name="test_user1"]')).toContainText('test_user1');
    await saveScreenshot(page.locator('.jp-Dialog-content'), 'scenario-6-share');
    await page.locator('.jp-Dialog-button', { hasText: 'Done' }).click();

    const acl = await getFromSidecar(`/acls/test_user1?domain=${encodeURIComponent(domain)}`);
    expect(acl.status).toBe(200);
    const flags = ['create', 'read', 'update', 'delete', 'readACL', 'updateACL'].map((flag) => acl.json.acl[flag]);
    expect(flags).toEqual([false, true, false, false, false, false]);
  });

  await test.step('the viewer widget from a notebook cell', async () => {
    await page.notebook.createNew('scenario.ipynb');
    await runCode(page, 0, `import h5lab; h5lab.view('${domain}', '/images/heatmap')`);
    const widget = cellViewer(page, 0);
    await expect(loadedViewer(widget, '/images/heatmap', 'heatmap').locator('canvas').first()).toBeVisible({ timeout: 30_000 });
    await page.waitForTimeout(300);
    const shot = await widget.screenshot();
    await saveScreenshot(page, 'scenario-7-notebook-widget');
    expect(await distinctColours(page, shot)).toBeGreaterThan(200);
  });
});
