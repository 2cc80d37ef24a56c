/** The h5lab JupyterLab extension: one plugin per concern. */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { connectionPlugin } from './connection/plugin.js';
import { configPanelPlugin } from './widgets/config-panel/plugin.js';

export { IH5LabConnection } from './tokens.js';
export type { H5LabConnectionState, H5LabEndpointKind, IH5LabAbout, IH5LabInfo } from './tokens.js';

const plugins: JupyterFrontEndPlugin<any>[] = [connectionPlugin, configPanelPlugin];
export default plugins;
