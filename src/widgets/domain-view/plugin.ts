/**
 * `h5lab:domain-view`: the command `h5lab:open-domain` ({domain, path?}) opens a domain in the main area
 * (tree, viewers, metadata), once per domain; views come back after a reload.
 */
import { ILayoutRestorer, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, InputDialog, MainAreaWidget, ToolbarButton, WidgetTracker } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { refreshIcon } from '@jupyterlab/ui-components';
import { baseName } from '../../client/index.js';
import { h5labIcon } from '../../icons.js';
import { IH5LabConnection, IH5LabDomainBrowser, OPEN_DOMAIN_COMMAND } from '../../tokens.js';
import { DEFAULT_VIEWER_SETTINGS, type ViewerSettings } from '../viewers/settings.js';
import { DomainViewPanel } from './DomainView.js';
import { followDrive } from './follow-drive.js';
import { DomainViewModel } from './model.js';

const PLUGIN_ID = 'h5lab:domain-view';

export type DomainViewWidget = MainAreaWidget<DomainViewPanel>;

function readSettings(settings: ISettingRegistry.ISettings): ViewerSettings {
  const value = <K extends keyof ViewerSettings>(key: K): ViewerSettings[K] =>
    (settings.get(key).composite as ViewerSettings[K] | undefined) ?? DEFAULT_VIEWER_SETTINGS[key];
  return { colorMap: value('colorMap'), maxPointsPerAxis: value('maxPointsPerAxis'), maxLinePoints: value('maxLinePoints') };
}

export const domainViewPlugin: JupyterFrontEndPlugin<void> = {
  id: PLUGIN_ID,
  description: 'Opens HDF domains in the main area: a tree of their objects, metadata, and viewers of datasets.',
  autoStart: true,
  requires: [IH5LabConnection],
  optional: [ISettingRegistry, ICommandPalette, ILayoutRestorer, IH5LabDomainBrowser],
  activate: (
    app,
    connection: IH5LabConnection,
    registry: ISettingRegistry | null,
    palette: ICommandPalette | null,
    restorer: ILayoutRestorer | null,
    browser: IH5LabDomainBrowser | null,
  ): void => {
    const tracker = new WidgetTracker<DomainViewWidget>({ namespace: 'h5lab-domain-view' });
    let settings = DEFAULT_VIEWER_SETTINGS;
    let count = 0;

    if (registry) {
      registry
        .load(PLUGIN_ID)
        .then((loaded) => {
          const apply = (): void => {
            settings = readSettings(loaded);
            tracker.forEach((widget) => (widget.content.model.settings = settings));
          };
          apply();
          loaded.changed.connect(apply);
        })
        .catch((error: unknown) => console.warn(`${PLUGIN_ID}: settings not loaded, using the defaults`, error));
    }

    const open = (domain: string): DomainViewWidget => {
      const model = new DomainViewModel(connection, domain, settings);
      const content = new DomainViewPanel(model);
      const widget = new MainAreaWidget({ content });
      widget.id = `h5lab-domain-view-${++count}`;
      widget.title.label = baseName(domain) || domain;
      widget.title.caption = domain;
      widget.title.icon = h5labIcon;
      widget.title.closable = true;
      widget.toolbar.addItem(
        'refresh',
        new ToolbarButton({ icon: refreshIcon, tooltip: 'Read the domain again', onClick: () => void model.open() }),
      );
      void tracker.add(widget);
      app.shell.add(widget, 'main');
      void model.open();
      return widget;
    };

    app.commands.addCommand(OPEN_DOMAIN_COMMAND, {
      label: (args) => (args.domain ? `Open ${String(args.domain)}` : 'Open HDF Domain…'),
      caption: 'Open an HDF domain: its tree, metadata and dataset viewers',
      icon: h5labIcon,
      execute: async (args) => {
        let domain = typeof args.domain === 'string' ? args.domain.trim() : '';
        if (!domain) {
          const answer = await InputDialog.getText({ title: 'Open HDF Domain', placeholder: '/home/user/file.h5' });
          if (!answer.button.accept || !answer.value?.trim()) return undefined;
          domain = answer.value.trim();
        }
        const widget = tracker.find((w) => w.content.model.domain === domain) ?? open(domain);
        app.shell.activateById(widget.id);
        // Before the domain is open the path is remembered, and selected once it is.
        if (typeof args.path === 'string' && args.path) void widget.content.model.reveal(args.path);
        return widget;
      },
    });
    palette?.addItem({ command: OPEN_DOMAIN_COMMAND, category: 'h5lab' });

    if (browser) {
      followDrive(app.serviceManager.contents.fileChanged, browser.driveName, {
        forEach: (visit) =>
          tracker.forEach((widget) => {
            const model = widget.content.model;
            visit({ domain: model.domain, selectedPath: model.selection?.path, close: () => widget.dispose(), reload: () => void model.open() });
          }),
        open: (domain, path) => void app.commands.execute(OPEN_DOMAIN_COMMAND, path ? { domain, path } : { domain }),
      });
    }

    void restorer?.restore(tracker, {
      command: OPEN_DOMAIN_COMMAND,
      args: (widget) => ({ domain: widget.content.model.domain }),
      name: (widget) => widget.content.model.domain,
    });
  },
};
