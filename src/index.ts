/** The h5lab JupyterLab extension: one plugin per concern. */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { connectionPlugin } from './connection/plugin.js';
import { domainBrowserPlugin } from './filebrowser/plugin.js';
import { configPanelPlugin } from './widgets/config-panel/plugin.js';
import { domainViewPlugin } from './widgets/domain-view/plugin.js';
import { notebookWidgetPlugin } from './widgets/notebook-widget/plugin.js';

export { IH5LabConnection, IH5LabDomainBrowser } from './tokens.js';
export type { H5LabConnectionState, H5LabEndpointKind, IH5LabAbout, IH5LabInfo } from './tokens.js';
export { DatasetViewer } from './widgets/viewers/DatasetViewer.js';
export type { DatasetViewerProps } from './widgets/viewers/DatasetViewer.js';

const plugins: JupyterFrontEndPlugin<any>[] = [
  connectionPlugin,
  configPanelPlugin,
  domainViewPlugin,
  domainBrowserPlugin,
  notebookWidgetPlugin,
];
export default plugins;
