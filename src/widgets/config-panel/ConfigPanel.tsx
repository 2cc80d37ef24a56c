/** View of the connection panel: renders a ConfigPanelModel; all state lives in the model. */
import * as React from 'react';
import { Clipboard } from '@jupyterlab/apputils';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import type { H5LabConnectionState, IH5LabAbout, IH5LabConnection, IH5LabInfo } from '../../tokens.js';
import type { ConfigPanelModel } from './model.js';
import type { ISidecarStatus } from './sidecar-status.js';
import { h5pydSnippet, hscfgSnippet, SnippetContext } from './snippets.js';

const STATE_LABEL: Record<H5LabConnectionState, string> = {
  unchecked: 'Not checked yet',
  checking: 'Checking…',
  connected: 'Connected',
  error: 'Not connected',
};

function Field({ name, label, children }: { name: string; label: string; children: React.ReactNode }): JSX.Element {
  return (
    <>
      <dt>{label}</dt>
      <dd data-field={name}>{children}</dd>
    </>
  );
}

function Snippet({ title, code }: { title: string; code: string }): JSX.Element {
  return (
    <div className="h5lab-ConfigPanel-snippet">
      <div className="h5lab-ConfigPanel-snippetHeader">
        <span>{title}</span>
        <button className="jp-Button jp-mod-minimal jp-mod-small" onClick={() => Clipboard.copyToSystem(code)}>
          Copy
        </button>
      </div>
      <pre>{code}</pre>
    </div>
  );
}

function formatTime(seconds: number | undefined): string {
  return seconds ? new Date(seconds * 1000).toLocaleString() : '—';
}

function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '—';
  const mib = bytes / (1024 * 1024);
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib.toFixed(0)} MiB`;
}

function StatusBanner({ connection, testing, onTest }: { connection: IH5LabConnection; testing: boolean; onTest: () => void }): JSX.Element {
  return (
    <div className="h5lab-ConfigPanel-status" data-state={connection.state}>
      <div className="h5lab-ConfigPanel-statusLine">
        <span className="h5lab-ConfigPanel-badge">{STATE_LABEL[connection.state]}</span>
        <button className="jp-Button jp-mod-styled jp-mod-accept h5lab-ConfigPanel-test" disabled={testing} onClick={onTest}>
          {testing ? 'Testing…' : 'Test'}
        </button>
      </div>
      {connection.state === 'error' && <p className="h5lab-ConfigPanel-message">{connection.message}</p>}
    </div>
  );
}

function ServiceSection({ connection, about, info }: { connection: IH5LabConnection; about?: IH5LabAbout; info?: IH5LabInfo }): JSX.Element {
  const where = connection.kind === 'lab' ? 'through this Jupyter server' : 'external, reached directly by the browser';
  return (
    <section>
      <h3>Service</h3>
      <dl>
        <Field name="endpoint" label="Endpoint">
          <code>{connection.endpoint}/</code> <span className="h5lab-ConfigPanel-note">({where})</span>
        </Field>
        {connection.bucket && <Field name="bucket" label="Bucket">{connection.bucket}</Field>}
        {about && (
          <>
            <Field name="user" label="User">{about.username ?? '—'}{about.isadmin ? ' (administrator)' : ''}</Field>
            <Field name="version" label="Server version">{about.hsds_version}</Field>
            <Field name="name" label="Server">{about.name ?? '—'}</Field>
            <Field name="started" label="Running since">{formatTime(about.start_time)}</Field>
            <Field name="nodes" label="Data nodes">{about.node_count ?? '—'}</Field>
          </>
        )}
        {info?.memory?.rss !== undefined && <Field name="memory" label="Memory in use">{formatBytes(info.memory.rss)}</Field>}
      </dl>
    </section>
  );
}

function SidecarSection({ sidecar }: { sidecar: ISidecarStatus }): JSX.Element {
  const child = sidecar.sidecar;
  const running = child.state === 'running';
  return (
    <section>
      <h3>This JupyterLab's h5lab service</h3>
      <dl>
        <Field name="sidecar-state" label="State">
          {running ? `running (pid ${child.pid}, port ${child.port})` : child.state}
        </Field>
        {child.restarts > 0 && (
          <Field name="restarts" label="Restarts">
            {child.restarts}
            {child.last_exit ? ` (last: ${child.last_exit})` : ''}
          </Field>
        )}
        <Field name="store" label="Store"><code>{sidecar.store}</code></Field>
        <Field name="home" label="Home folder">
          <code>{sidecar.home.path}</code>
          {sidecar.home.error && <span className="h5lab-ConfigPanel-warning"> {sidecar.home.error}</span>}
        </Field>
      </dl>
      {!running && child.output.length > 0 && (
        <pre className="h5lab-ConfigPanel-output" title="Last lines printed by the service">{child.output.join('\n')}</pre>
      )}
    </section>
  );
}

function KernelSection({ sidecar, connection }: { sidecar: ISidecarStatus; connection: IH5LabConnection }): JSX.Element {
  const environment = sidecar.environment.length > 0;
  const context: SnippetContext = {
    endpoint: sidecar.endpoint,
    user: sidecar.user,
    bucket: sidecar.bucket,
    home: sidecar.home.path,
    environment,
  };
  return (
    <section>
      <h3>Kernels and terminals</h3>
      <p data-field="environment">
        {environment
          ? `Kernels and terminals started from this JupyterLab get ${sidecar.environment.join(', ')} for ${sidecar.endpoint} as user ${sidecar.user}.`
          : 'This server does not set HS_* variables for kernels; use h5lab.config() or ~/.hscfg.'}
      </p>
      <p data-field="hscfg" className={sidecar.hscfg.written ? '' : 'h5lab-ConfigPanel-warning'}>
        <code>{sidecar.hscfg.path}</code>: {sidecar.hscfg.reason}.
        {!sidecar.hscfg.written && environment && ' h5pyd prefers the HS_* variables over it in kernels started here.'}
      </p>
      {connection.kind === 'external' && (
        <p className="h5lab-ConfigPanel-note">
          The panels use {connection.endpoint}; kernels still use this JupyterLab's service unless given
          endpoint=… explicitly.
        </p>
      )}
      <Snippet title="In a notebook" code={h5pydSnippet(context)} />
      <Snippet title="~/.hscfg" code={hscfgSnippet(context)} />
    </section>
  );
}

export function ConfigPanel({ model }: { model: ConfigPanelModel }): JSX.Element {
  return (
    <UseSignal signal={model.changed}>
      {() => {
        const { connection } = model;
        return (
          <div className="h5lab-ConfigPanel-content">
            <h2>h5lab connection</h2>
            <StatusBanner connection={connection} testing={model.testing} onTest={() => void model.test()} />
            <ServiceSection connection={connection} about={connection.lastAbout} info={model.info} />
            {model.sidecar ? (
              <>
                <SidecarSection sidecar={model.sidecar} />
                <KernelSection sidecar={model.sidecar} connection={connection} />
              </>
            ) : (
              model.sidecarError && <p className="h5lab-ConfigPanel-message h5lab-ConfigPanel-sidecarError">{model.sidecarError}</p>
            )}
          </div>
        );
      }}
    </UseSignal>
  );
}

/** The panel as a Lumino widget, for the shell. */
export class ConfigPanelWidget extends ReactWidget {
  constructor(readonly model: ConfigPanelModel) {
    super();
    this.addClass('h5lab-ConfigPanel');
  }

  protected render(): JSX.Element {
    return <ConfigPanel model={this.model} />;
  }

  dispose(): void {
    this.model.dispose();
    super.dispose();
  }
}
