import { userInfo } from 'node:os';
import { expect, test } from '@jupyterlab/galata';
import { getFromSidecar, home, openPanel, saveScreenshot, sidecarStatus } from './helpers.js';

test('the lab loads with both h5lab plugins active and the panel in the right sidebar', async ({ page }) => {
  const plugins = await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    return ['h5lab:connection', 'h5lab:config-panel'].map((id) => [id, app.isPluginActivated(id)]);
  });
  expect(plugins).toEqual([
    ['h5lab:connection', true],
    ['h5lab:config-panel', true],
  ]);
  await page.locator('.jp-SideBar.jp-mod-right [data-id="h5lab-config-panel"]').click();
  await expect(page.locator('#h5lab-config-panel h2')).toHaveText('h5lab connection');
});

test('Settings → h5lab Connection… opens the panel', async ({ page }) => {
  await expect(page.locator('#h5lab-config-panel')).toBeHidden();
  await page.menu.open('Settings');
  await page.locator('.lm-Menu-item', { has: page.locator('.lm-Menu-itemLabel', { hasText: /^h5lab Connection…$/ }) }).click();
  await expect(page.locator('#h5lab-config-panel')).toBeVisible();
});

test('the panel shows "connected", the user and the version of the running sidecar', async ({ page, request }) => {
  // What the sidecar says about itself, asked directly on its loopback port with the credentials in ~/.hscfg.
  const about = await getFromSidecar('/about');
  expect(about.status).toBe(200);
  const user = userInfo().username;
  expect(about.json.username).toBe(user);

  const panel = await openPanel(page);
  await expect(panel.locator('.h5lab-ConfigPanel-status')).toHaveAttribute('data-state', 'connected');
  await expect(panel.locator('.h5lab-ConfigPanel-badge')).toHaveText('Connected');
  await expect(panel.locator('[data-field="version"]')).toHaveText(about.json.hsds_version);
  await expect(panel.locator('[data-field="user"]')).toHaveText(user);

  const status = await sidecarStatus(request);
  await expect(panel.locator('[data-field="sidecar-state"]')).toHaveText(
    `running (pid ${status.sidecar.pid}, port ${status.sidecar.port})`,
  );
  await expect(panel.locator('[data-field="home"]')).toHaveText(`/home/${user}`);
  await expect(panel.locator('[data-field="hscfg"]')).toContainText(`${home}/.hscfg: written by h5lab`);
  await expect(panel.locator('[data-field="environment"]')).toContainText('HS_ENDPOINT');
  await expect(panel.locator('.h5lab-ConfigPanel-snippet pre').first()).toContainText(`h5pyd.File("/home/${user}/example.h5"`);
  await saveScreenshot(panel, 'panel-connected');
});
