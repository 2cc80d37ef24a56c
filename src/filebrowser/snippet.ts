/** The h5pyd code that opens a domain or lists a folder of the browser, for a notebook cell. */

export interface SnippetEndpoint {
  /** 'lab': the service behind this Jupyter server, which kernels reach through the HS_* settings h5lab sets. */
  kind: 'lab' | 'external';
  /** The service's URL as the browser reaches it (used for external services only). */
  endpoint: string;
  username?: string;
  bucket?: string;
}

export function h5pydSnippet(item: { path: string; kind: 'folder' | 'domain' }, service: SnippetEndpoint): string {
  const isFolder = item.kind === 'folder';
  const path = JSON.stringify(isFolder && !item.path.endsWith('/') ? `${item.path}/` : item.path);
  const lines = service.kind === 'lab' ? ['import h5pyd', ''] : ['import getpass', 'import h5pyd', ''];
  let options = '';
  if (service.kind === 'lab') {
    lines.push('# Kernels of this JupyterLab find the h5lab service through HS_ENDPOINT, HS_USERNAME, HS_PASSWORD');
    lines.push('# and HS_BUCKET (or ~/.hscfg), which h5lab sets up.');
  } else {
    lines.push(`server = dict(endpoint=${JSON.stringify(service.endpoint)}, username=${JSON.stringify(service.username ?? '')},`);
    lines.push(`              password=getpass.getpass()${service.bucket ? `, bucket=${JSON.stringify(service.bucket)}` : ''})`);
    options = ', **server';
  }
  if (isFolder) {
    lines.push(`folder = h5pyd.Folder(${path}${options})`, 'print(list(folder))');
  } else {
    lines.push(`f = h5pyd.File(${path}, "r"${options})`, 'print(list(f))');
  }
  return lines.join('\n');
}
