/**
 * State of one domain view, apart from its view: the open domain (a DataProvider), which groups are
 * expanded, the selected entity with its attributes, and the viewer settings. The view renders it and calls
 * its methods.
 */
import { ISignal, Signal } from '@lumino/signaling';
import { HsdsDataProvider } from '../data/hsds-provider.js';
import type { AttributeEntry, DataSource, Entity, TreeNode } from '../data/models.js';
import type { DataProvider } from '../data/provider.js';
import type { ViewerSettings } from '../viewers/settings.js';

export type DomainViewState = 'opening' | 'open' | 'error';

export interface Selection {
  path: string;
  /** Undefined while loading. */
  entity?: Entity;
  attrs?: AttributeEntry[];
  error?: string;
}

export interface TreeRow {
  node: TreeNode;
  depth: number;
  expanded: boolean;
}

const ROOT: TreeNode = { name: '/', path: '/', kind: 'group', hasChildren: true };

export class DomainViewModel {
  private _state: DomainViewState = 'opening';
  private _error = '';
  private _provider: DataProvider | undefined;
  private _openMs: number | undefined;
  private _expanded = new Set<string>(['/']);
  private _selection: Selection | undefined;
  private _selectGeneration = 0;
  private _openGeneration = 0;
  private _isDisposed = false;
  private readonly _changed = new Signal<DomainViewModel, void>(this);

  constructor(
    readonly source: DataSource,
    readonly domain: string,
    private _settings: ViewerSettings,
  ) {}

  get changed(): ISignal<DomainViewModel, void> {
    return this._changed;
  }
  get state(): DomainViewState {
    return this._state;
  }
  /** Why opening failed, in words for the user. */
  get error(): string {
    return this._error;
  }
  get provider(): DataProvider | undefined {
    return this._provider;
  }
  /** How long the last open took, from the first request to the tree being known. */
  get openMs(): number | undefined {
    return this._openMs;
  }
  get selection(): Selection | undefined {
    return this._selection;
  }
  get settings(): ViewerSettings {
    return this._settings;
  }
  set settings(value: ViewerSettings) {
    this._settings = value;
    this._emit();
  }
  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** Opens (or reopens) the domain; the selection is kept when its path still exists. */
  async open(): Promise<void> {
    const generation = ++this._openGeneration;
    const previous = this._provider;
    this._state = 'opening';
    this._emit();
    const started = performance.now();
    try {
      const provider = await HsdsDataProvider.open(this.source, this.domain);
      if (generation !== this._openGeneration || this._isDisposed) return void (await provider.close());
      this._provider = provider;
      this._openMs = performance.now() - started;
      this._state = 'open';
      this._error = '';
      await previous?.close();
    } catch (e) {
      if (generation !== this._openGeneration) return;
      this._state = 'error';
      this._error = (e as Error).message;
    }
    this._emit();
    if (this._state === 'open' && this._selection) await this.select(this._selection.path);
  }

  /** The rows of the tree to show: the root, and the children of every expanded group, depth first. */
  rows(): TreeRow[] {
    const provider = this._provider;
    if (!provider) return [];
    const rows: TreeRow[] = [];
    const visit = (node: TreeNode, depth: number): void => {
      const expanded = node.hasChildren && this._expanded.has(node.path);
      rows.push({ node, depth, expanded });
      if (expanded) for (const child of provider.children(node.path)) visit(child, depth + 1);
    };
    visit(ROOT, 0);
    return rows;
  }

  toggle(path: string): void {
    if (!this._expanded.delete(path)) this._expanded.add(path);
    this._emit();
  }

  /**
   * Selects the entity at `path`: its metadata and attributes load, and the viewer area follows. Before the
   * domain is open, the path is kept and loaded once it is.
   */
  async select(path: string): Promise<void> {
    const provider = this._provider;
    const generation = ++this._selectGeneration;
    this._selection = { path };
    this._emit();
    if (!provider) return;
    let selection: Selection;
    try {
      const entity = await provider.getEntity(path);
      selection = { path, entity, attrs: await provider.getAttrs(entity) };
    } catch (e) {
      selection = { path, error: (e as Error).message };
    }
    if (generation !== this._selectGeneration || this._isDisposed) return;
    this._selection = selection;
    this._emit();
  }

  /** Expands the groups on the way to `path` and selects it. */
  async reveal(path: string): Promise<void> {
    const parts = path.split('/').filter(Boolean);
    for (let i = 0; i < parts.length - 1; i++) this._expanded.add(`/${parts.slice(0, i + 1).join('/')}`);
    await this.select(path.startsWith('/') ? path : `/${path}`);
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    void this._provider?.close();
    Signal.clearData(this);
  }

  private _emit(): void {
    if (!this._isDisposed) this._changed.emit();
  }
}
