/**
 * What the notebook widget tests share: code run in a cell of the open notebook, the h5lab viewer in a cell's
 * output.
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

