/**
 * The HDF Domains side panel: JupyterLab's own FileBrowser over the HDF drive, with a line above the listing
 * that says why it is empty when the service cannot be reached.
 */
import { FileBrowser } from '@jupyterlab/filebrowser';
import { Widget } from '@lumino/widgets';

export class DomainBrowser extends FileBrowser {
  private readonly _banner = new Widget();

  constructor(options: FileBrowser.IOptions) {
    super(options);
    this.addClass('h5lab-DomainBrowser');
    this._banner.addClass('h5lab-DomainBrowser-banner');
    this._banner.hide();
    this.mainPanel.insertWidget(0, this._banner);
    this.model.connectionFailure.connect((_, error) => this.showProblem(error.message));
    this.model.refreshed.connect(() => this.showProblem(''));
  }

  /** Shows a problem above the listing; '' hides it. */
  showProblem(message: string): void {
    this._banner.node.textContent = message;
    this._banner.setHidden(!message);
  }
}
