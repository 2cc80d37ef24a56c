/** `h5lab:connection`: provides IH5LabConnection, configured by the schema/connection.json settings. */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IH5LabConnection } from '../tokens.js';
import { DEFAULT_SETTINGS, H5LabConnection, IConnectionSettings } from './connection.js';

const PLUGIN_ID = 'h5lab:connection';

function readSettings(settings: ISettingRegistry.ISettings): IConnectionSettings {
  const value = <K extends keyof IConnectionSettings>(key: K): IConnectionSettings[K] =>
    (settings.get(key).composite as IConnectionSettings[K] | undefined) ?? DEFAULT_SETTINGS[key];
  return {
    endpoint: value('endpoint'),
    username: value('username'),
    password: value('password'),
    bucket: value('bucket'),
    checkInterval: value('checkInterval'),
  };
}

export const connectionPlugin: JupyterFrontEndPlugin<IH5LabConnection> = {
  id: PLUGIN_ID,
  description: 'Connects to the HDF REST service: the lab server\'s h5lab sidecar, or an endpoint from the settings.',
  autoStart: true,
  optional: [ISettingRegistry],
  provides: IH5LabConnection,
  activate: async (app, registry: ISettingRegistry | null): Promise<IH5LabConnection> => {
    const connection = new H5LabConnection(app.serviceManager.serverSettings);
    if (!registry) {
      connection.configure(DEFAULT_SETTINGS);
      return connection;
    }
    try {
      const settings = await registry.load(PLUGIN_ID);
      connection.configure(readSettings(settings));
      settings.changed.connect(() => connection.configure(readSettings(settings)));
    } catch (error) {
      // Unreadable settings must not cost the user the lab's own service.
      console.warn(`${PLUGIN_ID}: settings not loaded, using the lab's h5lab service`, error);
      connection.configure(DEFAULT_SETTINGS);
    }
    return connection;
  },
};
