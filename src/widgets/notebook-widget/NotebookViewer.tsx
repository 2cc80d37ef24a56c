/**
 * What a notebook viewer widget shows: the dataset through the lab's connection, or a sentence saying why
 * not (no domain or path given, the service not answering). Never blank.
 */
import * as React from 'react';
import type { IH5LabConnection } from '../../tokens.js';
import type { DataSource } from '../data/models.js';
import { DatasetViewer } from '../viewers/DatasetViewer.js';

export interface NotebookViewerProps {
  connection: IH5LabConnection;
  domain: string;
  path: string;
}

const USAGE = "h5lab.view('/home/<user>/file.h5', '/path/to/dataset')";

/** Renders again whenever the connection changes (settings, state, message). */
function useConnection(connection: IH5LabConnection): void {
  const [, setVersion] = React.useState(0);
  React.useEffect(() => {
    const bump = (): void => setVersion((v) => v + 1);
    connection.changed.connect(bump);
    return () => void connection.changed.disconnect(bump);
  }, [connection]);
}

/**
 * The connection as a DataSource that stays the same object while the endpoint and its authentication do:
 * the viewer reads the dataset again when it changes, and only then.
 */
function useDataSource(connection: IH5LabConnection): DataSource {
  const { endpoint, bucket, kind, authHeader } = connection;
  return React.useMemo(
    () => ({ endpoint, bucket, fetch: connection.fetch.bind(connection) }),
    [connection, endpoint, bucket, kind, authHeader],
  );
}

function Message({ children }: { children: React.ReactNode }): JSX.Element {
  return <div className="h5lab-NotebookViewer-message h5lab-Viewer-message">{children}</div>;
}

export function NotebookViewer({ connection, domain, path }: NotebookViewerProps): JSX.Element {
  useConnection(connection);
  const source = useDataSource(connection);

  // A viewer that fails because the service is down says "server error"; the check says why, in words.
  React.useEffect(() => {
    if (domain && path) void connection.check();
  }, [connection, domain, path]);

  if (!domain) return <Message>No domain to show: give one, as in {USAGE}.</Message>;
  if (!path) return <Message>No dataset path given for {domain}: give one, as in {USAGE}.</Message>;
  if (connection.state === 'error') {
    return (
      <div className="h5lab-NotebookViewer-message h5lab-Viewer-error" data-state="error">
        Cannot show {path} of {domain}: {connection.message}{' '}
        <button className="h5lab-NotebookViewer-retry jp-mod-styled" onClick={() => void connection.check()}>
          Try again
        </button>
      </div>
    );
  }
  return <DatasetViewer connection={source} domain={domain} path={path} />;
}
