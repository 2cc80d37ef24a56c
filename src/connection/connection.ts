/**
 * H5LabConnection: the IH5LabConnection the `h5lab:connection` plugin provides. It owns the endpoint and its
 * authentication, checks the service on demand and in the background, and explains failures.
 */
import { ServerConnection } from '@jupyterlab/services';
import { Poll } from '@lumino/polling';
import { ISignal, Signal } from '@lumino/signaling';
import type {
  H5LabConnectionState,
  H5LabEndpointKind,
  IH5LabAbout,
  IH5LabConnection,
  IH5LabInfo,
} from '../tokens.js';
import { basicAuthorization, explainFailure, Outcome, parseAbout, resolveEndpoint, SIDECAR_PATH } from './endpoint.js';

/** The `h5lab:connection` settings (schema/connection.json). */
export interface IConnectionSettings {
  endpoint: string;
  username: string;
  password: string;
  bucket: string;
  /** Seconds between background checks; 0 checks only when asked. */
  checkInterval: number;
}

export const DEFAULT_SETTINGS: IConnectionSettings = {
  endpoint: '',
  username: '',
  password: '',
  bucket: '',
  checkInterval: 30,
};

/** An external service that never answers must not leave the state at 'checking' for minutes. */
const CHECK_TIMEOUT_MS = 10_000;

export class H5LabConnection implements IH5LabConnection {
  private _kind: H5LabEndpointKind = 'lab';
  private _endpoint: string;
  private _authHeader: string | undefined;
  private _username: string | undefined;
  private _bucket: string | undefined;
  private _settingsError: string | undefined;
  private _state: H5LabConnectionState = 'unchecked';
  private _message = '';
  private _lastAbout: IH5LabAbout | undefined;
  private _poll: Poll | undefined;
  /** Only the newest check may set the state: an older one can end after it. */
  private _checkGeneration = 0;
  private readonly _changed = new Signal<IH5LabConnection, void>(this);

  constructor(private readonly _serverSettings: ServerConnection.ISettings) {
    this._endpoint = `${_serverSettings.baseUrl.replace(/\/+$/, '')}/${SIDECAR_PATH}`;
  }

  get kind(): H5LabEndpointKind {
    return this._kind;
  }
  get endpoint(): string {
    return this._endpoint;
  }
  get authHeader(): string | undefined {
    return this._authHeader;
  }
  get username(): string | undefined {
    return this._username;
  }
  get bucket(): string | undefined {
    return this._bucket;
  }
  get state(): H5LabConnectionState {
    return this._state;
  }
  get message(): string {
    return this._message;
  }
  get lastAbout(): IH5LabAbout | undefined {
    return this._lastAbout;
  }
  get changed(): ISignal<IH5LabConnection, void> {
    return this._changed;
  }

  /** Applies new settings, then checks the service and (re)starts the background checks. */
  configure(settings: IConnectionSettings): void {
    const resolved = resolveEndpoint(settings.endpoint, this._serverSettings.baseUrl);
    if ('error' in resolved) {
      this._settingsError = resolved.error;
    } else {
      this._settingsError = undefined;
      this._kind = resolved.kind;
      this._endpoint = resolved.endpoint;
    }
    const external = this._kind === 'external';
    this._username = external && settings.username ? settings.username : undefined;
    this._authHeader = this._username ? basicAuthorization(this._username, settings.password) : undefined;
    this._bucket = settings.bucket || undefined;
    this._lastAbout = undefined;
    this._setState('unchecked', '');
    this._restartPoll(settings.checkInterval);
    void this.check();
  }

  dispose(): void {
    this._poll?.dispose();
    Signal.clearData(this);
  }

  url(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
    const search = params.toString();
    return `${this._endpoint}${path.startsWith('/') ? path : `/${path}`}${search ? `?${search}` : ''}`;
  }

  fetch(url: string, init: RequestInit = {}): Promise<Response> {
    if (this._kind === 'lab') {
      // Adds the lab's token or XSRF header and sends its cookies, as every lab request does.
      return ServerConnection.makeRequest(url, init, this._serverSettings);
    }
    const headers = new Headers(init.headers);
    if (this._authHeader && !headers.has('Authorization')) headers.set('Authorization', this._authHeader);
    return globalThis.fetch(url, { ...init, headers });
  }

  about(): Promise<IH5LabAbout> {
    return this._getJson('/about', parseAbout);
  }

  info(): Promise<IH5LabInfo> {
    return this._getJson('/info', (body) => {
      try {
        const parsed = JSON.parse(body) as unknown;
        return typeof parsed === 'object' && parsed !== null ? (parsed as IH5LabInfo) : undefined;
      } catch {
        return undefined;
      }
    });
  }

  async check(): Promise<H5LabConnectionState> {
    const generation = ++this._checkGeneration;
    if (this._settingsError) {
      this._lastAbout = undefined;
      this._setState('error', this._settingsError);
      return this._state;
    }
    if (this._state !== 'connected') this._setState('checking', '');
    let about: IH5LabAbout | undefined;
    let failure = '';
    try {
      about = await this.about();
    } catch (error) {
      failure = (error as Error).message;
    }
    if (generation !== this._checkGeneration) return this._state;
    this._lastAbout = about;
    if (about) this._setState('connected', '', true);
    else this._setState('error', failure, true);
    return this._state;
  }

  private async _getJson<T>(path: string, parse: (body: string) => T | undefined): Promise<T> {
    const context = { kind: this._kind, endpoint: this._endpoint, username: this._username };
    if (this._settingsError) throw new Error(this._settingsError);
    let outcome: Outcome;
    try {
      const response = await this.fetch(this.url(path, { bucket: this._bucket }), {
        signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
      });
      outcome = { kind: 'answered', status: response.status, statusText: response.statusText, body: await response.text() };
    } catch (error) {
      outcome = { kind: 'unreachable', detail: networkDetail(error) };
    }
    if (outcome.kind === 'answered' && outcome.status === 200) {
      const value = parse(outcome.body);
      if (value !== undefined) return value;
    }
    throw new Error(explainFailure(outcome, context));
  }

  private _setState(state: H5LabConnectionState, message: string, always = false): void {
    if (!always && state === this._state && message === this._message) return;
    this._state = state;
    this._message = message;
    this._changed.emit();
  }

  private _restartPoll(intervalSeconds: number): void {
    this._poll?.dispose();
    this._poll = undefined;
    if (!(intervalSeconds > 0)) return;
    this._poll = new Poll({
      name: 'h5lab:connection-check',
      factory: async () => {
        await this.check();
      },
      frequency: { interval: intervalSeconds * 1000, backoff: false },
      // Checking a service nobody is looking at would only load it.
      standby: 'when-hidden',
      auto: false,
    });
    // The first tick would duplicate configure()'s own check: start the poll one interval later.
    void this._poll.schedule({ phase: 'started', interval: intervalSeconds * 1000 });
  }
}

function networkDetail(error: unknown): string {
  const err = error as { name?: string; message?: string };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${CHECK_TIMEOUT_MS / 1000} s`;
  return err?.message || String(error);
}
