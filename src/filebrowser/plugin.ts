/**
 * `h5lab:filebrowser`: HDF Domains, the HDF REST service's folders and domains in the left sidebar. The service
 * is a contents drive (HdfDrive) shown by JupyterLab's own FileBrowser. That browser is kept out of the file
 * browser factory's tracker: the lab creates new notebooks, consoles and terminals in the folder of the
 * tracker's current browser, which must stay a folder of the lab's own file system.
 */
import { ILayoutRestorer, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { URLExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import type { DocumentRegistry } from '@jupyterlab/docregistry';
import { FilterFileBrowserModel, IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ServerConnection } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { CommandToolbarButton } from '@jupyterlab/ui-components';
import { Connection, FetchTransport } from '../client/index.js';
import { IH5LabConnection, IH5LabDomainBrowser } from '../tokens.js';
import { addDomainCommands, CommandIds, openDomain } from './commands.js';
import { attachContextMenu } from './context-menu.js';
import { DomainBrowser } from './domain-browser.js';
import { baseName, domainOf, folderPath, localPathOf, parentOf } from './domain-paths.js';
import { DomainService } from './domain-service.js';
import { DOMAIN_CONTENT_TYPE, HDF5_MIME_TYPE, HdfDrive } from './hdf-drive.js';
import { domainIcon, domainsIcon } from './icons.js';
import { JobNotifications } from './job-notifications.js';
import { JobsClient } from './jobs.js';
import { DomainListingRenderer } from './listing-renderer.js';
import { DEFAULT_SETTINGS, DomainBrowserSettings } from './settings.js';
import { DomainTransfers } from './transfers.js';

const PLUGIN_ID = 'h5lab:filebrowser';
const BROWSER_ID = 'h5lab-domain-browser';
/** Listing reloads while the browser is visible. */
const REFRESH_INTERVAL_MS = 10_000;

/** An SDK connection through IH5LabConnection, made again when its endpoint or credentials change. */
function sdkConnections(h5: IH5LabConnection): () => Connection {
  let current: { key: string; connection: Connection } | undefined;
  return () => {
    const key = JSON.stringify([h5.kind, h5.endpoint, h5.bucket, h5.authHeader]);
    if (current?.key !== key) {
      const fetchThroughLab = ((url: string, init?: RequestInit) => h5.fetch(url, init)) as typeof fetch;
      current = {
        key,
        // A browser should say soon that the service is down: few retries, a minute at most per request.
        connection: new Connection({ endpoint: h5.endpoint, bucket: h5.bucket, transport: new FetchTransport(fetchThroughLab), retries: 2, timeoutMs: 60_000 }),
      };
    }
    return current.connection;
  };
}

function activate(
  app: JupyterFrontEnd,
  h5: IH5LabConnection,
  docManager: IDocumentManager,
  settingRegistry: ISettingRegistry | null,
  restorer: ILayoutRestorer | null,
  palette: ICommandPalette | null,
  defaultBrowser: IDefaultFileBrowser | null,
): IH5LabDomainBrowser {
  const serverSettings = app.serviceManager.serverSettings;
  let settings: DomainBrowserSettings = { ...DEFAULT_SETTINGS };
  /** The user's home folder on the service, once found. */
  let homeFolder: string | undefined;
  const jobsUrl = URLExt.join(serverSettings.baseUrl, 'api', 'h5lab', 'jobs');
  const jobs = new JobsClient((path, init) => ServerConnection.makeRequest(`${jobsUrl}${path}`, init ?? {}, serverSettings));
  const transfers = new DomainTransfers({ jobs, contents: app.serviceManager.contents, settings: () => settings });
  const service = new DomainService(sdkConnections(h5));
  const drive = new HdfDrive({ service, serverSettings, transfers });
  app.serviceManager.contents.addDrive(drive);

  app.docRegistry.addFileType({
    name: DOMAIN_CONTENT_TYPE,
    displayName: 'HDF Domain',
    contentType: DOMAIN_CONTENT_TYPE,
    extensions: [],
    mimeTypes: [HDF5_MIME_TYPE],
    fileFormat: null,
    // docregistry's typings come with their own copy of ui-components; at run time the lab shares one.
    icon: domainIcon as unknown as DocumentRegistry.IFileType['icon'],
  });

  const contents = app.serviceManager.contents;
  const model = new FilterFileBrowserModel({
    manager: docManager,
    driveName: drive.name,
    refreshInterval: REFRESH_INTERVAL_MS,
    refreshStandby: 'when-hidden',
    auto: true,
  });
  const browser = new DomainBrowser({
    id: BROWSER_ID,
    model,
    restore: false,
    renderer: new DomainListingRenderer(() => app.docRegistry.getFileType(DOMAIN_CONTENT_TYPE)),
    // Domains are not documents: opening one is the domain viewer's job.
    handleOpenFile: (path) => openDomain(app, domainOf(contents.localPath(path))),
  });
  browser.title.icon = domainsIcon;
  browser.title.caption = 'HDF Domains';
  browser.node.setAttribute('aria-label', 'HDF Domains');
  app.shell.add(browser, 'left', { rank: 150 });
  restorer?.add(browser, BROWSER_ID);

  const reveal = async (path: string): Promise<void> => {
    app.shell.activateById(browser.id);
    await browser.model.cd(`/${localPathOf(parentOf(path))}`);
    await browser.selectItemByName(baseName(path));
  };
  const domainBrowser: IH5LabDomainBrowser = {
    driveName: drive.name,
    get currentFolder() {
      return folderPath(contents.localPath(browser.model.path));
    },
    reveal,
    refresh: () => browser.model.refresh(),
  };

  addDomainCommands({
    app,
    browser,
    drive,
    service,
    transfers,
    docManager,
    connection: h5,
    defaultBrowser,
    reveal,
    defaultTargetFolder: () => {
      if (settings.defaultTargetFolder) return folderPath(settings.defaultTargetFolder);
      const shown = domainBrowser.currentFolder;
      return shown !== '/' ? shown : (homeFolder ?? '/');
    },
  });
  attachContextMenu(browser.node, app.commands);
  for (const command of [CommandIds.home, CommandIds.newFolder, CommandIds.newDomain, CommandIds.upload, CommandIds.refresh]) {
    browser.toolbar.addItem(command, new CommandToolbarButton({ commands: app.commands, id: command, label: '' }));
  }
  if (defaultBrowser) {
    app.contextMenu.addItem({ command: CommandIds.loadInto, selector: '#filebrowser .jp-DirListing-item[data-isdir="false"]', rank: 8 });
  }
  for (const command of [CommandIds.show, CommandIds.home, CommandIds.refresh, CommandIds.newFolder, CommandIds.newDomain, CommandIds.upload]) {
    palette?.addItem({ command, category: 'HDF Domains' });
  }

  // FileBrowserModel misreads change paths of drives other than the default one (it prefixes the drive name
  // twice) and so never refreshes on them: the listing is refreshed here when a change touches its folder.
  drive.fileChanged.connect((_, change) => {
    const shown = contents.localPath(browser.model.path);
    const paths = [change.oldValue?.path, change.newValue?.path];
    if (paths.some((path) => path !== undefined && localPathOf(parentOf(domainOf(path))) === shown)) void browser.model.refresh();
  });

  const notifications = new JobNotifications({ transfers, reveal });
  notifications.watchUploads(browser.model);
  transfers.jobChanged.connect((_, job) => {
    if (job.kind === 'load' && job.state !== 'running' && domainBrowser.currentFolder === folderPath(parentOf(job.dst))) {
      void browser.model.refresh();
    }
  });

  // The browser starts in the user's home folder, once the service (and the home folder) can be seen.
  let connectionKey = '';
  const goHomeOnce = async (): Promise<void> => {
    if (homeFolder) return;
    homeFolder = await service.homeFolder().catch(() => undefined);
    if (homeFolder && domainBrowser.currentFolder === '/') await browser.model.cd(`/${localPathOf(homeFolder)}`);
  };
  const onConnection = (): void => {
    const key = JSON.stringify([h5.kind, h5.endpoint, h5.bucket, h5.username]);
    if (key !== connectionKey) {
      // Another service or user: its folders, from the top.
      const first = connectionKey === '';
      connectionKey = key;
      homeFolder = undefined;
      if (!first) void browser.model.cd('/');
    }
    if (h5.state === 'connected') void goHomeOnce();
  };
  h5.changed.connect(onConnection);
  void app.restored.then(onConnection);

  if (settingRegistry) {
    void settingRegistry.load(PLUGIN_ID).then((loaded) => {
      const read = (): void => {
        settings = { ...DEFAULT_SETTINGS, ...(loaded.composite as Partial<DomainBrowserSettings>) };
      };
      loaded.changed.connect(read);
      read();
    });
  }
  return domainBrowser;
}

export const domainBrowserPlugin: JupyterFrontEndPlugin<IH5LabDomainBrowser> = {
  id: PLUGIN_ID,
  description: 'HDF Domains: browse, load, download and share the folders and domains of the HDF REST service.',
  autoStart: true,
  provides: IH5LabDomainBrowser,
  requires: [IH5LabConnection, IDocumentManager],
  optional: [ISettingRegistry, ILayoutRestorer, ICommandPalette, IDefaultFileBrowser],
  activate,
};
