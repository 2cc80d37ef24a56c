/** What the UI tests share: the lab's token and temporary HOME, the sidecar status, the connection panel. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { APIRequestContext, expect, Locator, Page } from '@playwright/test';

export const token = process.env.H5LAB_UI_TOKEN!;
export const home = process.env.H5LAB_UI_HOME!;

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'screenshots');

/** The body of GET /api/h5lab/status (src/widgets/config-panel/sidecar-status.ts). */
export interface SidecarStatus {
  user: string;
  endpoint: string;
  bucket: string;
  home: { path: string; ready: boolean; error: string | null };
  sidecar: { state: string; pid: number | null; port: number; restarts: number; last_exit: string | null };
  hscfg: { path: string; written: boolean; reason: string };
  environment: string[];
}

export async function sidecarStatus(request: APIRequestContext): Promise<SidecarStatus> {
  const response = await request.get('/api/h5lab/status');
  expect(response.status()).toBe(200);
  return (await response.json()) as SidecarStatus;
}

/** The ~/.hscfg the server extension wrote into the test's HOME, as key → value. */
export function readHscfg(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of readFileSync(path.join(home, '.hscfg'), 'utf8').split('\n')) {
    const match = /^\s*(\w+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) values[match[1]] = match[2];
  }
  return values;
}

/** GET on the sidecar itself (not through the lab), with the lab user's credentials from ~/.hscfg. */
export async function getFromSidecar(pathAndQuery: string): Promise<{ status: number; json: any }> {
  const cfg = readHscfg();
  const authorization = `Basic ${Buffer.from(`${cfg.hs_username}:${cfg.hs_password}`).toString('base64')}`;
  const response = await fetch(`${cfg.hs_endpoint}${pathAndQuery}`, { headers: { authorization } });
  return { status: response.status, json: await response.json() };
}

/** Opens the connection panel through its command and returns it. */
export async function openPanel(page: Page): Promise<Locator> {
  await page.evaluate(() => (window as any).jupyterapp.commands.execute('h5lab:open-connection-panel'));
  const panel = page.locator('#h5lab-config-panel');
  await expect(panel).toBeVisible();
  return panel;
}

export async function pressTest(panel: Locator): Promise<void> {
  const button = panel.locator('.h5lab-ConfigPanel-test');
  await expect(button).toBeEnabled();
  await button.click();
  await expect(button).toBeEnabled({ timeout: 15_000 });
}

export async function saveScreenshot(target: Page | Locator, name: string): Promise<void> {
  await target.screenshot({ path: path.join(screenshots, `${name}.png`) });
}

/** Sets (or with undefined, removes) one h5lab:connection setting through the lab's setting registry. */
export async function setConnectionSetting(page: Page, key: string, value: string | undefined): Promise<void> {
  await page.evaluate(
    async ({ key, value }) => {
      const registry = await (window as any).galata.getPlugin('@jupyterlab/apputils-extension:settings');
      if (value === undefined) await registry.remove('h5lab:connection', key);
      else await registry.set('h5lab:connection', key, value);
    },
    { key, value },
  );
}
