/**
 * The notebook widget's model and view (`h5lab.view(domain, path)` in a kernel): the view renders the dataset
 * viewer for the model's `domain` and `path`, through the lab's connection, and again when they change.
 */
import { DOMWidgetModel, DOMWidgetView } from '@jupyter-widgets/base';
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { IH5LabConnection } from '../../tokens.js';
import { NotebookViewer } from './NotebookViewer.js';
import { WIDGET_MODULE, WIDGET_MODULE_VERSION } from './widget-module.js';

export class ViewerModel extends DOMWidgetModel {
  defaults(): Backbone.ObjectHash {
    return {
      ...super.defaults(),
      _model_name: 'ViewerModel',
      _model_module: WIDGET_MODULE,
      _model_module_version: WIDGET_MODULE_VERSION,
      _view_name: 'ViewerView',
      _view_module: WIDGET_MODULE,
      _view_module_version: WIDGET_MODULE_VERSION,
      domain: '',
      path: '/',
    };
  }
}

/**
 * The view class for one lab: the widget manager makes views itself, so the connection they read through is
 * bound into the class.
 */
export function viewerViewClass(connection: IH5LabConnection): typeof DOMWidgetView {
  return class ViewerView extends DOMWidgetView {
    private root: Root | undefined;

    render(): void {
      this.el.classList.add('h5lab-NotebookViewer');
      this.root = createRoot(this.el);
      this.listenTo(this.model, 'change:domain change:path', this.draw);
      this.draw();
    }

    remove(): void {
      this.root?.unmount();
      this.root = undefined;
      super.remove();
    }

    private draw(): void {
      const domain = String(this.model.get('domain') ?? '').trim();
      const path = String(this.model.get('path') ?? '').trim();
      this.el.dataset.domain = domain;
      this.el.dataset.path = path;
      this.root?.render(<NotebookViewer connection={connection} domain={domain} path={path} />);
    }
  };
}
