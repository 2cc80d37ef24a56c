import { createServer } from 'node:net';
import { expect, test } from '@jupyterlab/galata';
import { openPanel, saveScreenshot, setConnectionSetting } from './helpers.js';

/** A loopback port nothing listens on: bound for a moment, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test.afterEach(async ({ page }) => {
  await setConnectionSetting(page, 'endpoint', undefined);
});

test('a bad external endpoint setting shows a clear error, and clearing it reconnects', async ({ page, baseURL }) => {
  const panel = await openPanel(page);
  const status = panel.locator('.h5lab-ConfigPanel-status');
  const message = panel.locator('.h5lab-ConfigPanel-message');
  await expect(status).toHaveAttribute('data-state', 'connected');

  const unreachable = `http://127.0.0.1:${await closedPort()}`;
  await setConnectionSetting(page, 'endpoint', unreachable);
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(message).toContainText(`Cannot reach ${unreachable}`);
  await expect(panel.locator('[data-field="endpoint"]')).toContainText(`${unreachable}/`);
  await saveScreenshot(panel, 'panel-unreachable-endpoint');

  // Something answers there, but it is the Jupyter server's API, not an HDF REST service.
  await setConnectionSetting(page, 'endpoint', `${baseURL}/api`);
  await expect(message).toHaveText(`${baseURL}/api has no /about (404): is this the address of an HDF REST (HSDS) service?`);

  await setConnectionSetting(page, 'endpoint', 'ftp://files.example.org');
  await expect(message).toHaveText('The endpoint setting "ftp://files.example.org" must be an http:// or https:// URL.');

  await setConnectionSetting(page, 'endpoint', undefined);
  await expect(status).toHaveAttribute('data-state', 'connected');
});
