/**
 * The notebook widget: `h5lab.view(domain, path)` in a kernel shows the dataset viewer in the cell's output,
 * through the lab's own connection (nothing configured in the kernel), follows changes of its traits made
 * from Python, and says what is wrong instead of staying blank.
 */
import { expect, test } from '@jupyterlab/galata';
import { File } from '../../lib/src/client/index.js';
import { saveScreenshot, sidecarStatus } from './helpers.js';
import { distinctColours, loadedViewer, sidecarConnection } from './lab-ui.js';
import { cellViewer, runCode } from './notebook-viewer.js';

const GRID_SHAPE = [120, 160];
let domain: string;

/** A domain with a 2-D dataset (/grid) and a 1-D one (/profile), written through the REST API. */
async function writeDomain(): Promise<string> {
  const { connection, user } = sidecarConnection();
  const name = `/home/${user}/widget_${Date.now().toString(36)}.h5`;
  try {
    const file = await File.open(name, 'w', { connection });
    const [rows, cols] = GRID_SHAPE;
    const grid = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) grid[r * cols + c] = Math.sin(r / 9) * Math.cos(c / 13) + r / rows;
    await file.createDataset('grid', { data: grid, shape: GRID_SHAPE });
    await file.createDataset('profile', { data: Float64Array.from({ length: 500 }, (_, i) => Math.sin(i / 25)) });
  } finally {
    await connection.close();
  }
  return name;
}

test.beforeAll(async () => {
  domain = await writeDomain();
});

test('h5lab.view shows a 2-D dataset as a heatmap in the cell output', async ({ page }) => {
  await page.notebook.createNew('widget-heatmap.ipynb');
  await runCode(page, 0, `import h5lab; h5lab.view('${domain}', '/grid')`);
  const widget = cellViewer(page, 0);
  const canvas = loadedViewer(widget, '/grid', 'heatmap').locator('canvas').first();
  await expect(canvas).toBeVisible({ timeout: 30_000 });
  await expect(widget.locator('.h5lab-DatasetView-summary')).toHaveText(`float32, ${GRID_SHAPE.join(' × ')}`);
  // The heatmap fills the widget, as it does when H5Web's stylesheet is in place.
  expect((await canvas.boundingBox())!.height).toBeGreaterThan((await widget.boundingBox())!.height / 2);
  await page.waitForTimeout(300);
  const shot = await widget.screenshot();
  await saveScreenshot(widget, 'widget-heatmap');
  expect(await distinctColours(page, shot)).toBeGreaterThan(100);
});

test('changing the path from Python shows the other dataset in the same output', async ({ page }) => {
  await page.notebook.createNew('widget-traits.ipynb');
  await runCode(page, 0, `import h5lab\nviewer = h5lab.view('${domain}', '/grid')\nviewer`);
  const widget = cellViewer(page, 0);
  await expect(loadedViewer(widget, '/grid', 'heatmap').locator('canvas').first()).toBeVisible({ timeout: 30_000 });

  await runCode(page, 1, "viewer.path = '/profile'");
  await expect(loadedViewer(widget, '/profile', 'line').locator('canvas').first()).toBeVisible();
  await expect(widget.locator('.h5lab-DatasetView[data-path="/grid"]')).toHaveCount(0);
  await expect(widget.locator('.h5lab-DatasetView-summary')).toHaveText('float64, 500');
  await saveScreenshot(widget, 'widget-path-changed');

  await runCode(page, 2, "viewer.path = '/grid'");
  await expect(loadedViewer(widget, '/grid', 'heatmap').locator('canvas').first()).toBeVisible();
});

test('a bad path, no domain, or the service down each give a clear message', async ({ page, request }) => {
  await page.notebook.createNew('widget-messages.ipynb');
  await runCode(page, 0, `import h5lab; h5lab.view('${domain}', '/missing')`);
  const missing = cellViewer(page, 0);
  await expect(missing.locator('.h5lab-Viewer-error')).toHaveText(`nothing at '/missing' in ${domain}`);
  await saveScreenshot(missing, 'widget-bad-path');

  await runCode(page, 1, "h5lab.view('')");
  await expect(cellViewer(page, 1)).toHaveText(/^No domain to show: give one, as in h5lab\.view\(/);

  const before = await sidecarStatus(request);
  process.kill(before.sidecar.pid!, 'SIGKILL');
  await runCode(page, 2, `h5lab.view('${domain}', '/grid')`);
  const down = cellViewer(page, 2);
  await expect(down.locator('.h5lab-Viewer-error')).toHaveText(
    `Cannot show /grid of ${domain}: The h5lab service is not running (killed by SIGKILL); it is being restarted, try again shortly. Try again`,
  );
  await saveScreenshot(down, 'widget-service-down');

  // Once the service is back, "Try again" shows the dataset.
  await expect(async () => {
    const retry = down.locator('.h5lab-NotebookViewer-retry');
    if (await retry.isVisible()) await retry.click();
    await expect(loadedViewer(down, '/grid', 'heatmap').locator('canvas').first()).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
});
