/**
 * How HDF Domains draws its items: JupyterLab's listing, with the domain file type (icon, data-file-type) for
 * items of the content type 'hdf-domain' whatever their name, and the owner next to the name.
 */
import type { DocumentRegistry } from '@jupyterlab/docregistry';
import { DirListing } from '@jupyterlab/filebrowser';
import { DOMAIN_CONTENT_TYPE, IDomainModel } from './hdf-drive.js';

const OWNER_CLASS = 'h5lab-DomainBrowser-owner';

export class DomainListingRenderer extends DirListing.Renderer {
  constructor(private readonly _domainFileType: () => DocumentRegistry.IFileType | undefined) {
    super();
    const createName = this.itemFactories.name;
    this.itemFactories = {
      ...this.itemFactories,
      name: () => {
        const node = createName();
        const owner = document.createElement('span');
        owner.className = OWNER_CLASS;
        node.appendChild(owner);
        return node;
      },
    };
  }

  override updateItemNode(...args: Parameters<DirListing.Renderer['updateItemNode']>): void {
    const [node, model] = args;
    // The registry finds file types by name; a domain is one by its content type.
    if (model.type === DOMAIN_CONTENT_TYPE) args[2] = this._domainFileType() ?? args[2];
    super.updateItemNode(...args);
    const owner = (model as IDomainModel).owner ?? '';
    const label = node.querySelector(`.${OWNER_CLASS}`);
    if (label) label.textContent = owner;
    // The title is only rewritten when the item changed: replace the owner line rather than add another.
    const title = node.title.replace(/\nOwner: [^\n]*$/, '');
    node.title = owner ? `${title}\nOwner: ${owner}` : title;
    node.setAttribute('data-owner', owner);
  }
}
