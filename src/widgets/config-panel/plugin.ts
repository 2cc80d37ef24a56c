/** `h5lab:config-panel`: the connection panel in the right sidebar, with its commands. */
import { ILayoutRestorer, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { h5labIcon } from '../../icons.js';
import { IH5LabConnection } from '../../tokens.js';
import { ConfigPanelWidget } from './ConfigPanel.js';
import { ConfigPanelModel } from './model.js';

export const CommandIds = {
  open: 'h5lab:open-connection-panel',
  test: 'h5lab:test-connection',
} as const;

export const configPanelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'h5lab:config-panel',
  description: 'Shows where the HDF REST service is, whether it answers, and how kernels reach it.',
  autoStart: true,
  requires: [IH5LabConnection],
  optional: [ICommandPalette, ILayoutRestorer],
  activate: (app, connection: IH5LabConnection, palette: ICommandPalette | null, restorer: ILayoutRestorer | null) => {
    const model = new ConfigPanelModel(connection, app.serviceManager.serverSettings);
    const panel = new ConfigPanelWidget(model);
    panel.id = 'h5lab-config-panel';
    panel.title.icon = h5labIcon;
    panel.title.caption = 'h5lab connection';
    // The sidebar tab shows a failed connection even while the panel is closed.
    const markTab = (): void => {
      panel.title.className = connection.state === 'error' ? 'h5lab-mod-error' : '';
    };
    connection.changed.connect(markTab);
    markTab();
    app.shell.add(panel, 'right', { rank: 1000 });
    restorer?.add(panel, panel.id);

    app.commands.addCommand(CommandIds.open, {
      label: 'h5lab Connection…',
      caption: 'Show the h5lab connection panel',
      icon: h5labIcon,
      execute: () => app.shell.activateById(panel.id),
    });
    app.commands.addCommand(CommandIds.test, {
      label: 'Test h5lab Connection',
      execute: () => model.test(),
    });
    for (const command of Object.values(CommandIds)) palette?.addItem({ command, category: 'h5lab' });
  },
};
