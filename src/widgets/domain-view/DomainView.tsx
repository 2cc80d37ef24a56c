/**
 * View of a DomainViewModel: the tree on the left, the viewer area in the middle, the metadata panel on the
 * right. All state lives in the model.
 */
import * as React from 'react';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { Entity } from '../data/models.js';
import type { DataProvider } from '../data/provider.js';
import { DatasetView } from '../viewers/DatasetView.js';
import type { ViewerSettings } from '../viewers/settings.js';
import { MetadataPanel } from './MetadataPanel.js';
import type { DomainViewModel, Selection } from './model.js';
import { Tree } from './Tree.js';

function ViewerArea({ provider, selection, settings }: { provider: DataProvider; selection: Selection | undefined; settings: ViewerSettings }): JSX.Element {
  const entity: Entity | undefined = selection?.entity;
  if (!selection) return <div className="h5lab-Viewer-message">Select a dataset to view its values</div>;
  if (selection.error) return <div className="h5lab-Viewer-error">{selection.error}</div>;
  if (!entity || !selection.attrs) return <div className="h5lab-Viewer-message">Loading {selection.path}…</div>;
  switch (entity.kind) {
    case 'dataset':
      return <DatasetView key={entity.path} provider={provider} dataset={entity} attrs={selection.attrs} settings={settings} />;
    case 'group':
      return <div className="h5lab-Viewer-message">Group {entity.path}: {entity.linkCount} links</div>;
    case 'datatype':
      return <div className="h5lab-Viewer-message">Committed datatype {entity.path}: {entity.dtype}</div>;
    case 'soft-link':
      return <div className="h5lab-Viewer-message">Soft link to {entity.targetPath}, which does not exist</div>;
    case 'external-link':
      return <div className="h5lab-Viewer-message">External link to {entity.targetPath} in {entity.targetDomain}</div>;
  }
}

function DomainViewContent({ model }: { model: DomainViewModel }): JSX.Element {
  const provider = model.provider;
  if (model.state === 'error') {
    return (
      <div className="h5lab-DomainView-failure">
        <p className="h5lab-Viewer-error">Cannot open {model.domain}: {model.error}</p>
        <button className="jp-Button jp-mod-styled jp-mod-accept" onClick={() => void model.open()}>
          Try again
        </button>
      </div>
    );
  }
  if (!provider) return <div className="h5lab-Viewer-message">Opening {model.domain}…</div>;
  const selection = model.selection;
  return (
    <div className="h5lab-DomainView-panes">
      <nav className="h5lab-DomainView-tree">
        <Tree
          rows={model.rows()}
          selectedPath={selection?.path}
          onToggle={(path) => model.toggle(path)}
          onSelect={(path) => void model.select(path)}
        />
      </nav>
      <main className="h5lab-DomainView-viewer">
        <ViewerArea provider={provider} selection={selection} settings={model.settings} />
      </main>
      <aside className="h5lab-DomainView-metadata">
        <MetadataPanel entity={selection?.entity} attrs={selection?.attrs} error={selection?.error} />
      </aside>
    </div>
  );
}

export class DomainViewPanel extends ReactWidget {
  constructor(readonly model: DomainViewModel) {
    super();
    this.addClass('h5lab-DomainView');
    this.node.dataset.domain = model.domain;
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this.model.changed}>
        {() => (
          <div
            className="h5lab-DomainView-content"
            data-state={this.model.state}
            data-objects={this.model.provider?.objectCount}
            data-tree-source={this.model.provider?.treeSource}
            data-open-ms={this.model.openMs?.toFixed(0)}
          >
            <DomainViewContent model={this.model} />
          </div>
        )}
      </UseSignal>
    );
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.model.dispose();
    super.dispose();
  }
}
