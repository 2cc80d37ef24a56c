/**
 * View of the Share dialog: who has access to a folder or domain (from the ShareModel) and a line to add a
 * user, a group or the public. All state is in the model, except the line being typed.
 */
import * as React from 'react';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { describePrincipal, flagString, LEVEL_LABELS, PrincipalKind, ShareLevel } from './acl-levels.js';
import type { ShareEntry, ShareModel } from './share-model.js';

const SHARE_LEVELS: ShareLevel[] = ['none', 'read', 'readwrite'];
const KIND_LABELS: Record<PrincipalKind, string> = { user: 'User', group: 'Group', public: 'Everyone (public)' };

function LevelSelect({ value, disabled, onChange, label }: { value: string; disabled: boolean; onChange: (level: ShareLevel) => void; label: string }): JSX.Element {
  return (
    <select className="jp-mod-styled" aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as ShareLevel)}>
      {SHARE_LEVELS.map((level) => (
        <option key={level} value={level}>
          {LEVEL_LABELS[level]}
        </option>
      ))}
    </select>
  );
}

function EntryRow({ entry, model }: { entry: ShareEntry; model: ShareModel }): JSX.Element {
  const who = `${describePrincipal(entry.principal)}${entry.isYou ? ' (you)' : ''}`;
  let access: JSX.Element;
  if (entry.isOwner) {
    access = <span>{LEVEL_LABELS.full} (owner)</span>;
  } else if (entry.level === 'full' || entry.level === 'custom') {
    // Flag sets the presets do not name stay as they are until a preset is chosen.
    access = (
      <select className="jp-mod-styled" aria-label={`Access of ${who}`} value="" disabled={model.busy} onChange={(e) => void model.setLevel(entry.aclName, e.target.value as ShareLevel)}>
        <option value="" disabled>
          {LEVEL_LABELS[entry.level]} ({flagString(entry.acl)})
        </option>
        {SHARE_LEVELS.map((level) => (
          <option key={level} value={level}>
            {LEVEL_LABELS[level]}
          </option>
        ))}
      </select>
    );
  } else {
    access = <LevelSelect label={`Access of ${who}`} value={entry.level} disabled={model.busy} onChange={(level) => void model.setLevel(entry.aclName, level)} />;
  }
  return (
    <tr data-acl-name={entry.aclName}>
      <td className="h5lab-ShareDialog-who">{who}</td>
      <td>{access}</td>
    </tr>
  );
}

export class ShareDialogBody extends ReactWidget {
  private _kind: PrincipalKind = 'user';
  private _name = '';
  private _level: ShareLevel = 'read';

  constructor(readonly model: ShareModel) {
    super();
    this.addClass('h5lab-ShareDialog');
    model.changed.connect(() => this.update());
  }

  protected render(): JSX.Element {
    const { model } = this;
    const isFolder = model.item.kind === 'folder';
    const set = (change: () => void) => {
      change();
      this.update();
    };
    return (
      <div>
        <p className="h5lab-ShareDialog-note">
          {isFolder
            ? 'Read/write lets others create and delete domains here. Domains created in this folder later get its users and groups too.'
            : 'Read lets others open the domain; read/write also lets them change and delete it.'}
        </p>
        {model.loading && model.entries.length === 0 ? (
          <p>Loading…</p>
        ) : (
          <table className="h5lab-ShareDialog-entries">
            <tbody>
              {model.entries.map((entry) => (
                <EntryRow key={entry.aclName} entry={entry} model={model} />
              ))}
            </tbody>
          </table>
        )}
        <div className="h5lab-ShareDialog-add">
          <select className="jp-mod-styled" aria-label="Share with" value={this._kind} onChange={(e) => set(() => (this._kind = e.target.value as PrincipalKind))}>
            {(Object.keys(KIND_LABELS) as PrincipalKind[]).map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
          {this._kind !== 'public' && (
            <input
              className="jp-mod-styled h5lab-ShareDialog-name"
              aria-label={this._kind === 'group' ? 'Group name' : 'User name'}
              placeholder={this._kind === 'group' ? 'group name' : 'user name'}
              value={this._name}
              onChange={(e) => set(() => (this._name = e.target.value))}
            />
          )}
          <LevelSelect label="Access to give" value={this._level} disabled={false} onChange={(level) => set(() => (this._level = level))} />
          <button className="jp-Button jp-mod-styled jp-mod-accept h5lab-ShareDialog-addButton" disabled={model.busy} onClick={() => void this._add()}>
            Add
          </button>
        </div>
        {model.error && (
          <p className="h5lab-ShareDialog-error" role="alert">
            {model.error}
          </p>
        )}
      </div>
    );
  }

  protected onAfterAttach(msg: Message): void {
    super.onAfterAttach(msg);
    // Before the dialog's own handler, which would close the dialog on Enter.
    document.addEventListener('keydown', this._onKeydown, true);
  }

  protected onBeforeDetach(msg: Message): void {
    document.removeEventListener('keydown', this._onKeydown, true);
    super.onBeforeDetach(msg);
  }

  dispose(): void {
    document.removeEventListener('keydown', this._onKeydown, true);
    super.dispose();
  }

  private readonly _onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement) || !this.node.contains(event.target)) return;
    event.preventDefault();
    event.stopPropagation();
    void this._add();
  };

  private async _add(): Promise<void> {
    if (await this.model.add({ kind: this._kind, name: this._name }, this._level)) {
      this._name = '';
      this.update();
    }
  }
}
