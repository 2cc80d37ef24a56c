import { expect, test } from '@jupyterlab/galata';
import { openPanel, pressTest, saveScreenshot, sidecarStatus, token } from './helpers.js';

test('killing the sidecar shows a clear message, and the restarted sidecar reconnects', async ({ page, request }) => {
  const before = await sidecarStatus(request);
  expect(before.sidecar.state).toBe('running');
  const panel = await openPanel(page);
  await expect(panel.locator('.h5lab-ConfigPanel-status')).toHaveAttribute('data-state', 'connected');

  process.kill(before.sidecar.pid!, 'SIGKILL');
  await pressTest(panel);
  await expect(panel.locator('.h5lab-ConfigPanel-status')).toHaveAttribute('data-state', 'error');
  await expect(panel.locator('.h5lab-ConfigPanel-message')).toHaveText(
    'The h5lab service is not running (killed by SIGKILL); it is being restarted, try again shortly.',
  );
  await expect(page.locator('.jp-SideBar.jp-mod-right [data-id="h5lab-config-panel"]')).toHaveClass(/h5lab-mod-error/);
  await saveScreenshot(panel, 'panel-sidecar-killed');

  await expect(async () => {
    await pressTest(panel);
    await expect(panel.locator('.h5lab-ConfigPanel-status')).toHaveAttribute('data-state', 'connected', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  const after = await sidecarStatus(request);
  expect(after.sidecar.state).toBe('running');
  expect(after.sidecar.pid).not.toBe(before.sidecar.pid);
  expect(after.sidecar.port).toBe(before.sidecar.port);
  expect(after.sidecar.restarts).toBe(before.sidecar.restarts + 1);
  await expect(panel.locator('[data-field="restarts"]')).toHaveText(`${after.sidecar.restarts} (last: killed by SIGKILL)`);
  await saveScreenshot(panel, 'panel-sidecar-restarted');
});

test('the proxy and the status API refuse requests without the lab token', async ({ browser, baseURL }) => {
  // A new context inherits the config's `use` options: drop the token header.
  const anonymous = await browser.newContext({ baseURL, extraHTTPHeaders: {} });
  for (const url of ['/h5lab/about', '/h5lab/?domain=/home', '/api/h5lab/status']) {
    const response = await anonymous.request.get(url);
    expect(response.status(), url).toBe(403);
  }
  const wrongToken = await anonymous.request.get('/h5lab/about', { headers: { Authorization: 'token not-the-token' } });
  expect(wrongToken.status()).toBe(403);
  const write = await anonymous.request.put('/h5lab/?domain=/home/intruder', { data: { folder: true } });
  expect(write.status()).toBe(403);
  expect((await write.json()).message).toMatch(/logged-in Jupyter user/);

  const withToken = await anonymous.request.get('/h5lab/about', { headers: { Authorization: `token ${token}` } });
  expect(withToken.status()).toBe(200);
  expect((await withToken.json()).state).toBe('READY');
  await anonymous.close();
});
