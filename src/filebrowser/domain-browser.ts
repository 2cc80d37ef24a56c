/**
 * The HDF Domains side panel: JupyterLab's own FileBrowser over the HDF drive, with a line above the listing
 * that says why it is empty when the service cannot be reached, and uploads that say why they failed.
 */
import { showErrorMessage } from '@jupyterlab/apputils';
import { FileBrowser } from '@jupyterlab/filebrowser';
import { Widget } from '@lumino/widgets';

export class DomainBrowser extends FileBrowser {
  private readonly _banner = new Widget();

  constructor(options: FileBrowser.IOptions) {
    super(options);
    // Tools (galata's helpers among them) find the lab's file browser as the one `.jp-FileBrowser`; the one
    // style rule of that class is repeated for h5lab-DomainBrowser in style/filebrowser.css.
    this.removeClass('jp-FileBrowser');
    this.addClass('h5lab-DomainBrowser');
    this._banner.addClass('h5lab-DomainBrowser-banner');
    this._banner.hide();
    this.mainPanel.insertWidget(0, this._banner);
    this.model.connectionFailure.connect((_, error) => this.showProblem(error.message));
    this.model.refreshed.connect(() => this.showProblem(''));
    // Before the listing's own handler, which only logs failed uploads to the console.
    this.listing.node.addEventListener('drop', this._onDrop, true);
  }

  /** Shows a problem above the listing; '' hides it. */
  showProblem(message: string): void {
    this._banner.node.textContent = message;
    this._banner.setHidden(!message);
  }

  /** Uploads files into the folder shown, one after the other, telling the user of each failure. */
  async uploadFiles(files: File[]): Promise<void> {
    for (const file of files) {
      await this.model.upload(file).catch((error: unknown) => {
        // The model rejects with this string when the user chose not to replace an existing domain.
        if (error !== 'File not uploaded') void showErrorMessage('Upload Error', error as Error);
      });
    }
  }

  dispose(): void {
    this.listing.node.removeEventListener('drop', this._onDrop, true);
    super.dispose();
  }

  private readonly _onDrop = (event: DragEvent): void => {
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (!files.length) return;
    event.preventDefault();
    event.stopPropagation();
    void this.uploadFiles(files);
  };
}
