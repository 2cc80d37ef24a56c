/**
 * What the notebook widget tests share: code run in a cell of the open notebook, the h5lab viewer in a cell's
 * output, and telling a drawn heatmap from a blank canvas.
 */
import type { IJupyterLabPageFixture } from '@jupyterlab/galata';
import type { Locator, Page } from '@playwright/test';

/**
 * Puts `source` into cell `index` of the open notebook (adding cells up to it) and runs it. The source goes
 * through the model: typed into the editor it would be auto-indented.
 */
export async function runCode(page: IJupyterLabPageFixture, index: number, source: string): Promise<void> {
  await page.evaluate(
    ({ index, source }) => {
      const shared = (window as any).jupyterapp.shell.currentWidget.content.model.sharedModel;
      while (shared.cells.length <= index) shared.addCell({ cell_type: 'code', source: '' });
      shared.getCell(index).setSource(source);
    },
    { index, source },
  );
  await page.notebook.runCell(index, { inplace: true });
}

/** The h5lab viewer widget in the output of cell `index` of the open notebook. */
export function cellViewer(page: Page, index: number): Locator {
  return page.locator(`.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell[data-windowed-list-index="${index}"] .h5lab-NotebookViewer`);
}

/** A viewer in `within` once it shows `path` with `viewer` and is done loading. */
export function loadedViewer(within: Locator, path: string, viewer: string): Locator {
  return within.locator(`.h5lab-DatasetView[data-path="${path}"][data-viewer="${viewer}"] .h5lab-Viewer[data-loading="false"]`);
}

/** Distinct colours in a screenshot: a drawn heatmap has many, a blank canvas a handful. */
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
