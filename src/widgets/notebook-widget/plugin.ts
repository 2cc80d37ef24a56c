/**
 * `h5lab:notebook-widget`: registers the `h5lab` widget module, whose viewer shows a dataset in a notebook
 * output (`h5lab.view(domain, path)`) through the lab's HDF REST connection, with nothing to configure.
 */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IJupyterWidgetRegistry } from '@jupyter-widgets/base';
import { IH5LabConnection } from '../../tokens.js';
import { ViewerModel, viewerViewClass } from './viewer-widget.js';
import { WIDGET_MODULE, WIDGET_MODULE_VERSION } from './widget-module.js';

export const notebookWidgetPlugin: JupyterFrontEndPlugin<void> = {
  id: 'h5lab:notebook-widget',
  description: 'Registers the h5lab notebook widget: a dataset viewer for h5lab.view(domain, path) in a kernel.',
  autoStart: true,
  requires: [IJupyterWidgetRegistry, IH5LabConnection],
  activate: (_app, registry: IJupyterWidgetRegistry, connection: IH5LabConnection): void => {
    registry.registerWidget({
      name: WIDGET_MODULE,
      version: WIDGET_MODULE_VERSION,
      exports: { ViewerModel, ViewerView: viewerViewClass(connection) },
    });
  },
};
