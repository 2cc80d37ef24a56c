/** The domain tree: any row selects its entity; groups open when selected and toggle with their caret. */
import * as React from 'react';
import { caretDownIcon, caretRightIcon, folderIcon, LabIcon, linkIcon, spreadsheetIcon, tagIcon } from '@jupyterlab/ui-components';
import type { EntityKind } from '../data/models.js';
import type { TreeRow } from './model.js';

const KIND_LABEL: Record<EntityKind, string> = {
  group: 'Group',
  dataset: 'Dataset',
  datatype: 'Datatype',
  'soft-link': 'Soft link',
  'external-link': 'External link',
};

const KIND_ICON: Record<EntityKind, LabIcon> = {
  group: folderIcon,
  dataset: spreadsheetIcon,
  datatype: tagIcon,
  'soft-link': linkIcon,
  'external-link': linkIcon,
};

export interface TreeProps {
  rows: TreeRow[];
  selectedPath: string | undefined;
  onToggle(path: string): void;
  onSelect(path: string): void;
}

export function Tree({ rows, selectedPath, onToggle, onSelect }: TreeProps): JSX.Element {
  return (
    <ul className="h5lab-Tree" role="tree" aria-label="Domain tree">
      {rows.map(({ node, depth, expanded }) => {
        const selected = node.path === selectedPath;
        const Caret = expanded ? caretDownIcon : caretRightIcon;
        const Icon = KIND_ICON[node.kind];
        return (
          <li
            key={node.path}
            role="treeitem"
            aria-level={depth + 1}
            aria-selected={selected}
            aria-expanded={node.hasChildren ? expanded : undefined}
            className={`h5lab-Tree-row${selected ? ' h5lab-mod-selected' : ''}`}
            data-path={node.path}
            data-kind={node.kind}
            title={`${KIND_LABEL[node.kind]} ${node.path}`}
            style={{ paddingLeft: `${4 + depth * 14}px` }}
            onClick={() => {
              // Selecting a closed group opens it; its caret closes it again.
              if (node.hasChildren && !expanded) onToggle(node.path);
              onSelect(node.path);
            }}
          >
            <span
              className="h5lab-Tree-caret"
              onClick={(event) => {
                if (!node.hasChildren) return;
                event.stopPropagation();
                onToggle(node.path);
              }}
            >
              {node.hasChildren && <Caret.react tag="span" />}
            </span>
            <Icon.react tag="span" className="h5lab-Tree-icon" />
            <span className="h5lab-Tree-name">{node.name}</span>
          </li>
        );
      })}
    </ul>
  );
}
