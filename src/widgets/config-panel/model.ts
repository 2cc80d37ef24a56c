/**
 * State of the connection panel, apart from its view: the connection (shared), the lab server's sidecar status
 * and the service's /info. The view only renders it and calls test().
 */
import type { ServerConnection } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';
import type { H5LabConnectionState, IH5LabConnection, IH5LabInfo } from '../../tokens.js';
import { fetchSidecarStatus, ISidecarStatus } from './sidecar-status.js';

export class ConfigPanelModel {
  private _sidecar: ISidecarStatus | undefined;
  private _sidecarError: string | undefined;
  private _info: IH5LabInfo | undefined;
  private _testing = false;
  private _lastState: H5LabConnectionState;
  private _isDisposed = false;
  private readonly _changed = new Signal<ConfigPanelModel, void>(this);

  constructor(
    readonly connection: IH5LabConnection,
    private readonly _serverSettings: ServerConnection.ISettings,
  ) {
    this._lastState = connection.state;
    connection.changed.connect(this._onConnectionChanged, this);
    void this._loadDetails();
  }

  get changed(): ISignal<ConfigPanelModel, void> {
    return this._changed;
  }
  /** Undefined until loaded, or when the server extension does not answer (see sidecarError). */
  get sidecar(): ISidecarStatus | undefined {
    return this._sidecar;
  }
  get sidecarError(): string | undefined {
    return this._sidecarError;
  }
  /** The service's /info from the last time it was connected. */
  get info(): IH5LabInfo | undefined {
    return this._info;
  }
  get testing(): boolean {
    return this._testing;
  }
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The Test button: checks the service now and reloads everything shown. */
  async test(): Promise<void> {
    this._testing = true;
    this._emit();
    try {
      await this.connection.check();
      await this._loadDetails();
    } finally {
      this._testing = false;
      this._emit();
    }
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    this.connection.changed.disconnect(this._onConnectionChanged, this);
    Signal.clearData(this);
  }

  private _onConnectionChanged(): void {
    const state = this.connection.state;
    const settled = state === 'connected' || state === 'error';
    // A background check that finds the service down (or back) also changes what the sidecar status says.
    if (settled && state !== this._lastState && !this._testing) void this._loadDetails();
    this._lastState = state;
    this._emit();
  }

  private async _loadDetails(): Promise<void> {
    const [sidecar, info] = await Promise.all([
      fetchSidecarStatus(this._serverSettings),
      this.connection.state === 'connected' ? this.connection.info().catch(() => undefined) : undefined,
    ]);
    if ('status' in sidecar) {
      this._sidecar = sidecar.status;
      this._sidecarError = undefined;
    } else {
      this._sidecar = undefined;
      this._sidecarError = sidecar.error;
    }
    this._info = info;
    this._emit();
  }

  private _emit(): void {
    if (!this._isDisposed) this._changed.emit();
  }
}
