/** `GET <base_url>/api/h5lab/status` of the h5lab server extension: the sidecar and what kernels are given. */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

export interface ISidecarStatus {
  /** The lab user's account on the sidecar. */
  user: string;
  /** What kernels use (HS_ENDPOINT): the sidecar's loopback address. */
  endpoint: string;
  bucket: string;
  /** The sidecar's POSIX store directory. */
  store: string;
  home: { path: string; ready: boolean; error: string | null };
  sidecar: {
    state: 'stopped' | 'starting' | 'running' | 'restarting';
    pid: number | null;
    port: number;
    restarts: number;
    last_exit: string | null;
    /** Last lines the sidecar printed. */
    output: string[];
  };
  hscfg: { path: string; written: boolean; reason: string };
  /** Names of the HS_* variables set for kernels and terminals; empty when that is turned off. */
  environment: string[];
}

export type SidecarStatusResult = { status: ISidecarStatus } | { error: string };

export async function fetchSidecarStatus(settings: ServerConnection.ISettings): Promise<SidecarStatusResult> {
  const url = URLExt.join(settings.baseUrl, 'api', 'h5lab', 'status');
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, {}, settings);
  } catch (error) {
    return { error: `The Jupyter server does not answer (${(error as Error).message}).` };
  }
  if (response.status === 404) {
    return {
      error:
        'The h5lab server extension is not enabled in this Jupyter server, so no h5lab service runs here. ' +
        'Start JupyterLab with scripts/run-lab.sh, or run `jupyter server extension enable h5lab`.',
    };
  }
  if (!response.ok) return { error: `The h5lab status request failed: ${response.status} ${response.statusText}.` };
  return { status: (await response.json()) as ISidecarStatus };
}
