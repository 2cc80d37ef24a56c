/** The `h5lab:filebrowser` settings (schema/filebrowser.json). */
import type { TransferSettings } from './transfers.js';

export interface DomainBrowserSettings extends TransferSettings {
  /** Folder of the service that "Load into HDF Domains…" proposes; '' for the folder shown, or home. */
  defaultTargetFolder: string;
}

export const DEFAULT_SETTINGS: DomainBrowserSettings = {
  stagingFolder: 'h5lab-uploads',
  downloadFolder: 'Downloads',
  defaultTargetFolder: '',
};
