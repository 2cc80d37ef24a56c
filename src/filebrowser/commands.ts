/**
 * Commands of HDF Domains. They act on the items selected in the domain browser (or on the folder it shows), and
 * one acts on HDF5 files selected in the lab's own file browser: "Load into HDF Domains…".
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Clipboard, Dialog, InputDialog, Notification, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { IDocumentManager, renameFile } from '@jupyterlab/docmanager';
import type { FileBrowser } from '@jupyterlab/filebrowser';
import type { Contents } from '@jupyterlab/services';
import { copyIcon, downloadIcon, editIcon, fileUploadIcon, homeIcon, newFolderIcon, refreshIcon, closeIcon } from '@jupyterlab/ui-components';
import { OPEN_DOMAIN_COMMAND, type IH5LabConnection } from '../tokens.js';
import type { DomainBrowser } from './domain-browser.js';
import { baseName, domainOf, folderPath, HDF5_EXTENSIONS, hasHdf5Extension, invalidName, joinPath, localPathOf } from './domain-paths.js';
import type { DomainService } from './domain-service.js';
import type { HdfDrive, IDomainModel } from './hdf-drive.js';
import { domainIcon, domainsIcon } from './icons.js';
import { LoadTargetBody } from './load-target-dialog.js';
import { ShareDialogBody } from './ShareDialog.js';
import { ShareModel } from './share-model.js';
import { h5pydSnippet } from './snippet.js';
import type { DomainTransfers } from './transfers.js';

export const CommandIds = {
  open: 'h5lab:domains-open',
  newFolder: 'h5lab:domains-new-folder',
  newDomain: 'h5lab:domains-new-domain',
  upload: 'h5lab:domains-upload',
  rename: 'h5lab:domains-rename',
  move: 'h5lab:domains-move',
  delete: 'h5lab:domains-delete',
  download: 'h5lab:domains-download',
  share: 'h5lab:domains-share',
  copySnippet: 'h5lab:domains-copy-snippet',
  refresh: 'h5lab:domains-refresh',
  home: 'h5lab:domains-home',
  show: 'h5lab:show-domains',
  loadInto: 'h5lab:load-into-domains',
  goUp: 'h5lab:domains-go-up',
  selectAll: 'h5lab:domains-select-all',
  cut: 'h5lab:domains-cut',
  copy: 'h5lab:domains-copy',
  paste: 'h5lab:domains-paste',
  duplicate: 'h5lab:domains-duplicate',
} as const;


export interface DomainCommandsContext {
  app: JupyterFrontEnd;
  browser: DomainBrowser;
  drive: HdfDrive;
  service: DomainService;
  transfers: DomainTransfers;
  docManager: IDocumentManager;
  connection: IH5LabConnection;
  /** The folder "Load into HDF Domains…" proposes when the settings name none. */
  defaultTargetFolder: () => string;
  /** The lab's own file browser, for "Load into HDF Domains…". */
  defaultBrowser: FileBrowser | null;
  /** Shows HDF Domains at `path`'s folder with `path` selected. */
  reveal: (path: string) => Promise<void>;
}

/** Runs the domain viewer's command, when the domain viewer is there. */
export function openDomain(app: JupyterFrontEnd, domain: string): void {
  if (app.commands.hasCommand(OPEN_DOMAIN_COMMAND)) void app.commands.execute(OPEN_DOMAIN_COMMAND, { domain });
}

export function addDomainCommands(context: DomainCommandsContext): void {
  const { app, browser, drive, service, docManager, connection } = context;
  const { commands } = app;
  const contents = app.serviceManager.contents;

  const selected = (): IDomainModel[] => Array.from(browser.selectedItems()) as IDomainModel[];
  const single = (): IDomainModel | undefined => {
    const items = selected();
    return items.length === 1 ? items[0] : undefined;
  };
  const singleDomain = (): IDomainModel | undefined => {
    const item = single();
    return item && item.type !== 'directory' ? item : undefined;
  };
  /** The folder shown, as a domain path ('/' at the top level). */
  const currentFolder = (): string => domainOf(contents.localPath(browser.model.path));
  /** The selected item, or else the folder shown (not the top level). */
  const target = (): { path: string; kind: 'folder' | 'domain' } | undefined => {
    const item = single();
    if (item) return { path: item.domain, kind: item.type === 'directory' ? 'folder' : 'domain' };
    const folder = currentFolder();
    return selected().length === 0 && folder !== '/' ? { path: folder, kind: 'folder' } : undefined;
  };
  const report = (title: string) => (error: unknown) => void showErrorMessage(title, error as Error);

  commands.addCommand(CommandIds.open, {
    label: 'Open',
    caption: 'Open the domain in the domain viewer, or the folder in the browser',
    isEnabled: () => single() !== undefined,
    execute: async () => {
      const item = single();
      if (!item) return;
      if (item.type === 'directory') await browser.model.cd(`/${contents.localPath(item.path)}`).catch(report('Open'));
      else openDomain(app, item.domain);
    },
  });

  commands.addCommand(CommandIds.newFolder, {
    label: 'New Folder',
    caption: 'Create a folder in the folder shown',
    icon: newFolderIcon,
    execute: () => browser.createNewDirectory().catch(() => undefined),
  });

  commands.addCommand(CommandIds.newDomain, {
    label: 'New Domain',
    caption: 'Create an empty domain (HDF5 file) in the folder shown',
    icon: domainIcon.bindprops({ stylesheet: 'toolbarButton' }),
    execute: () => browser.createNewFile({ ext: '.h5' }).catch(() => undefined),
  });

  commands.addCommand(CommandIds.upload, {
    label: 'Upload HDF5 Files…',
    caption: 'Upload HDF5 files from this computer into the folder shown',
    icon: fileUploadIcon,
    execute: () => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.accept = HDF5_EXTENSIONS.join(',');
      input.onchange = () => void browser.uploadFiles(Array.from(input.files ?? []));
      input.click();
    },
  });

  commands.addCommand(CommandIds.rename, {
    label: 'Rename',
    caption: 'Rename the domain, or the empty folder',
    icon: editIcon,
    isEnabled: () => single() !== undefined,
    execute: () => browser.rename().catch(() => undefined),
  });

  commands.addCommand(CommandIds.move, {
    label: 'Move…',
    caption: 'Move the domain (or the empty folder) to another folder or name',
    isEnabled: () => single() !== undefined,
    execute: async () => {
      const item = single();
      if (!item) return;
      const answer = await InputDialog.getText({
        title: `Move ${item.name}`,
        label: 'New path (a folder ending in "/" keeps the name)',
        text: item.domain,
        okLabel: 'Move',
      });
      if (!answer.button.accept || !answer.value) return;
      const value = answer.value.trim();
      const to = value.endsWith('/') ? joinPath(value, item.name) : domainOf(value);
      const problem = invalidName(baseName(to));
      if (problem) return void showErrorMessage('Move', problem);
      if (to === item.domain) return;
      await renameFile(docManager, item.path, `${drive.name}:${localPathOf(to)}`)
        .then(() => context.reveal(to))
        .catch((error) => {
          // renameFile rejects with this string when the user chose not to overwrite.
          if (error !== 'File not renamed') report('Move')(error);
        });
    },
  });

  commands.addCommand(CommandIds.delete, {
    label: 'Delete',
    caption: 'Delete the selected domains (with all their data) and empty folders',
    icon: closeIcon,
    isEnabled: () => selected().length > 0,
    execute: async () => {
      const items = selected();
      if (!items.length) return;
      const what = items.length === 1 ? items[0].domain : `${items.length} items`;
      const hasDomains = items.some((item) => item.type !== 'directory');
      const result = await showDialog({
        title: 'Delete',
        body:
          `Delete ${what}? ` +
          (hasDomains ? 'Domains are removed from the HDF service with all their data. ' : '') +
          (items.some((item) => item.type === 'directory') ? 'Only empty folders can be deleted. ' : '') +
          'This cannot be undone.',
        buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Delete' })],
        // Enter should not delete: focus starts on Cancel.
        defaultButton: 0,
      });
      if (!result.button.accept) return;
      const failures: string[] = [];
      for (const item of items) {
        await contents.delete(item.path).catch((error: Error) => failures.push(error.message));
      }
      if (failures.length) void showErrorMessage('Delete', failures.join('\n'));
    },
  });

  commands.addCommand(CommandIds.download, {
    label: 'Download as .h5',
    caption: 'Write the domain into an HDF5 file (in the lab and on this computer)',
    icon: downloadIcon,
    isVisible: () => selected().every((item) => item.type !== 'directory'),
    isEnabled: () => singleDomain() !== undefined,
    execute: async () => {
      const item = singleDomain();
      if (item) await browser.model.download(item.path).catch(report('Download'));
    },
  });

  commands.addCommand(CommandIds.share, {
    label: 'Share…',
    caption: 'Choose who may read or change this folder or domain',
    icon: domainsIcon,
    isEnabled: () => target() !== undefined,
    execute: async () => {
      const chosen = target();
      if (!chosen) return;
      const item = await service.stat(chosen.path).catch((error: Error) => {
        void showErrorMessage('Share', error);
        return undefined;
      });
      if (!item) return;
      const model = new ShareModel(service, item);
      void model.load();
      await showDialog({
        title: `Share ${item.path}`,
        body: new ShareDialogBody(model),
        buttons: [Dialog.okButton({ label: 'Done' })],
        focusNodeSelector: 'input',
      });
      model.dispose();
    },
  });

  commands.addCommand(CommandIds.copySnippet, {
    label: 'Copy h5pyd Snippet',
    caption: 'Copy Python code that opens this domain (or lists this folder) with h5pyd',
    icon: copyIcon,
    isEnabled: () => target() !== undefined,
    execute: () => {
      const chosen = target();
      if (!chosen) return;
      const endpoint = { kind: connection.kind, endpoint: connection.endpoint, username: connection.username, bucket: connection.bucket };
      Clipboard.copyToSystem(h5pydSnippet(chosen, endpoint));
      Notification.success(`Copied the h5pyd code for ${chosen.path}`, { autoClose: 3000 });
    },
  });

  commands.addCommand(CommandIds.refresh, {
    label: 'Refresh',
    caption: 'Reload the listing',
    icon: refreshIcon,
    execute: () => browser.model.refresh(),
  });

  commands.addCommand(CommandIds.home, {
    label: 'Home Folder',
    caption: 'Show your home folder',
    icon: homeIcon,
    execute: async () => {
      let home: string | undefined;
      try {
        home = await service.homeFolder();
      } catch (error) {
        return void showErrorMessage('Home Folder', error as Error);
      }
      if (home) await browser.model.cd(`/${localPathOf(home)}`);
      else void showErrorMessage('Home Folder', 'You have no home folder (/home/<user>) on this HDF service.');
    },
  });

  commands.addCommand(CommandIds.show, {
    label: 'Show HDF Domains',
    caption: 'Show the folders and domains of the HDF service',
    icon: domainsIcon,
    execute: () => app.shell.activateById(browser.id),
  });

  addKeyboardCommands(context);
  addLoadIntoCommand(context);
}

/**
 * The listing's keys (schema/filebrowser.json binds them inside HDF Domains). JupyterLab's own file browser
 * commands under the same keys act on the lab's file browser, so HDF Domains needs its own.
 */
function addKeyboardCommands({ app, browser }: DomainCommandsContext): void {
  const keyboard: [string, string, () => unknown][] = [
    [CommandIds.goUp, 'Go Up', () => browser.goUp()],
    [CommandIds.selectAll, 'Select All', () => browser.selectAll()],
    [CommandIds.cut, 'Cut (then Paste to move)', () => browser.cut()],
    // Pasting copies is refused by the drive with its reason (domains are copied with hscopy).
    [CommandIds.copy, 'Copy', () => browser.copy()],
    [CommandIds.paste, 'Paste', () => browser.paste()],
    [CommandIds.duplicate, 'Duplicate', () => browser.duplicate()],
  ];
  for (const [id, label, run] of keyboard) app.commands.addCommand(id, { label, execute: run });
}

/** "Load into HDF Domains…" on HDF5 files of the lab's own file browser. */
function addLoadIntoCommand(context: DomainCommandsContext): void {
  const { app, defaultBrowser, service, transfers } = context;
  if (!defaultBrowser) return;
  const contents = app.serviceManager.contents;
  const files = (): Contents.IModel[] => Array.from(defaultBrowser.selectedItems()).filter((item) => item.type !== 'directory');
  const loadable = (): boolean => {
    const chosen = files();
    return chosen.length > 0 && chosen.every((item) => hasHdf5Extension(item.name));
  };

  app.commands.addCommand(CommandIds.loadInto, {
    label: 'Load into HDF Domains…',
    caption: 'Copy the HDF5 files into domains of the HDF service (hsload)',
    icon: domainsIcon,
    isVisible: loadable,
    execute: async () => {
      const chosen = files().filter((item) => hasHdf5Extension(item.name));
      if (!chosen.length) return;
      const proposed = context.defaultTargetFolder();
      const body = new LoadTargetBody(chosen.map((item) => item.name), proposed);
      const result = await showDialog({
        title: 'Load into HDF Domains',
        body,
        buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Load' })],
        focusNodeSelector: 'input',
      });
      if (!result.button.accept || !result.value) return;
      const { folder, name } = result.value;
      if (!folder.startsWith('/') || folderPath(folder) === '/') {
        return void showErrorMessage('Load into HDF Domains', 'Give a folder of the HDF service, such as your home folder /home/<user>/.');
      }
      const problem = name !== undefined ? invalidName(name) : undefined;
      if (problem) return void showErrorMessage('Load into HDF Domains', problem);
      const loads = chosen.map((item) => ({ src: contents.localPath(item.path), dst: joinPath(folder, name ?? item.name) }));
      const existing: string[] = [];
      try {
        if ((await service.find(folder))?.kind !== 'folder') {
          return void showErrorMessage('Load into HDF Domains', `${folderPath(folder)} is not a folder of the HDF service.`);
        }
        for (const load of loads) if (await service.find(load.dst)) existing.push(load.dst);
      } catch (error) {
        return void showErrorMessage('Load into HDF Domains', error as Error);
      }
      if (existing.length) {
        const replace = await showDialog({
          title: 'Replace?',
          body: `${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}. Replace with the loaded file${loads.length === 1 ? '' : 's'}?`,
          buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Replace' })],
          defaultButton: 0,
        });
        if (!replace.button.accept) return;
      }
      // One after the other: each job already keeps the service busy. Progress shows in notifications.
      for (const load of loads) {
        const job = await transfers.run({ kind: 'load', src: load.src, dst: load.dst, overwrite: existing.includes(load.dst) }).catch((error: Error) => {
          void showErrorMessage('Load into HDF Domains', error);
          return undefined;
        });
        if (!job) return;
      }
    },
  });
}
