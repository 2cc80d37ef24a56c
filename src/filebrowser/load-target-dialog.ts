/** Body of the "Load into HDF Domains…" dialog: the target folder, and the domain name for a single file. */
import type { Dialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

export interface LoadTarget {
  folder: string;
  /** Undefined when several files are loaded: each keeps its own name. */
  name?: string;
}

export class LoadTargetBody extends Widget implements Dialog.IBodyWidget<LoadTarget> {
  private readonly _folder: HTMLInputElement;
  private readonly _name: HTMLInputElement | undefined;

  constructor(files: string[], folder: string) {
    super();
    this.addClass('h5lab-LoadTarget');
    const intro = document.createElement('p');
    intro.textContent =
      files.length === 1
        ? `The HDF service copies ${files[0]} into a domain (hsload).`
        : `The HDF service copies ${files.length} files into domains of the same names (hsload).`;
    this.node.appendChild(intro);
    this._folder = this._field('Folder', folder, 'h5lab-LoadTarget-folder');
    if (files.length === 1) this._name = this._field('Domain name', files[0], 'h5lab-LoadTarget-name');
  }

  getValue(): LoadTarget {
    return { folder: this._folder.value.trim(), name: this._name?.value.trim() };
  }

  private _field(label: string, value: string, className: string): HTMLInputElement {
    const wrapper = document.createElement('label');
    wrapper.className = 'h5lab-LoadTarget-field';
    wrapper.textContent = label;
    const input = document.createElement('input');
    input.className = `jp-mod-styled ${className}`;
    input.value = value;
    wrapper.appendChild(input);
    this.node.appendChild(wrapper);
    return input;
  }
}
