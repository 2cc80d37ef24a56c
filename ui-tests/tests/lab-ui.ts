/**
 * The h5lab parts of the lab as the UI tests drive them: the HDF Domains browser, the domain view's tree and
 * viewers, and a client connection to the sidecar with the lab user's ~/.hscfg.
 */
import { expect } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';
import { Connection, FetchTransport } from '../../lib/src/client/index.js';
import { readHscfg } from './helpers.js';

/** Shows HDF Domains in the left sidebar (its tab toggles: a second click would hide it). */
export async function openDomains(page: Page): Promise<Locator> {
  const browser = page.locator('#h5lab-domain-browser');
  if (!(await browser.isVisible())) await page.locator('.jp-SideBar.jp-mod-left [data-id="h5lab-domain-browser"]').click();
  await expect(browser).toBeVisible();
  return browser;
}

/** The browser's entry named exactly `name`. */
export function item(browser: Locator, name: string): Locator {
  const exact = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return browser.locator('.jp-DirListing-item', { has: browser.page().locator('.jp-DirListing-itemText', { hasText: exact }) });
}

/** Right-clicks `target` and picks `label` in the domain browser's context menu. */
export async function contextMenu(page: Page, target: Locator, label: string): Promise<void> {
  await target.click({ button: 'right' });
  const menu = page.locator('.h5lab-DomainBrowser-menu');
  await expect(menu).toBeVisible();
  await menu.locator('.lm-Menu-item', { has: page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${label}$`) }) }).click();
}

/** The folder the domain browser shows. */
export async function currentFolder(page: Page): Promise<string> {
  return page.evaluate(async () => (await (window as any).galata.getPlugin('h5lab:filebrowser')).currentFolder);
}

/** The content of the open view of `domain` (its data-state is 'open' once the domain is read). */
export function domainView(page: Page, domain: string): Locator {
  return page.locator(`.h5lab-DomainView[data-domain="${domain}"] .h5lab-DomainView-content`);
}

/** The domain view's tree row of the object at `path`. */
export function row(view: Locator, path: string): Locator {
  return view.locator(`.h5lab-Tree-row[data-path="${path}"]`);
}

/** A viewer in `within` once it shows `path` with `viewer` and is done loading. */
export function loadedViewer(within: Locator, path: string, viewer: string): Locator {
  return within.locator(`.h5lab-DatasetView[data-path="${path}"][data-viewer="${viewer}"] .h5lab-Viewer[data-loading="false"]`);
}

/** Distinct colours in a screenshot: a drawn heatmap or image has many, a blank canvas a handful. */
export async function distinctColours(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64: string) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const board = document.createElement('canvas');
    board.width = image.width;
    board.height = image.height;
    const context = board.getContext('2d')!;
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < pixels.length; i += 4) colours.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
    return colours.size;
  }, png.toString('base64'));
}

/** A client connection to the sidecar as the lab user, and that user's name. */
export function sidecarConnection(): { connection: Connection; user: string } {
  const cfg = readHscfg();
  const connection = new Connection({
    endpoint: cfg.hs_endpoint,
    username: cfg.hs_username,
    password: cfg.hs_password,
    transport: new FetchTransport(),
  });
  return { connection, user: cfg.hs_username };
}
