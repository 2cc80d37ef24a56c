/** Code the connection panel shows for kernels: h5pyd usage and the ~/.hscfg lines. */

export interface SnippetContext {
  /** Service endpoint as kernels reach it. */
  endpoint: string;
  user: string;
  bucket: string;
  /** The user's home folder on the service, e.g. /home/jovyan. */
  home: string;
  /** Kernels get HS_* variables from the lab server. */
  environment: boolean;
}

/** Python for a notebook cell. */
export function h5pydSnippet(context: SnippetContext): string {
  const file = JSON.stringify(`${context.home}/example.h5`);
  if (context.environment) {
    return [
      'import h5pyd  # reads HS_ENDPOINT, HS_USERNAME, HS_PASSWORD, HS_BUCKET, set by this JupyterLab',
      '',
      `with h5pyd.File(${file}, "a") as f:`,
      '    print(list(f))',
    ].join('\n');
  }
  return [
    'import h5lab, h5pyd',
    '',
    `with h5pyd.File(${file}, "a", **h5lab.config()) as f:`,
    '    print(list(f))',
  ].join('\n');
}

/** ~/.hscfg as h5lab writes it, with the password left out (it is in the file and in h5lab.config()). */
export function hscfgSnippet(context: SnippetContext): string {
  return [
    `hs_endpoint = ${context.endpoint}`,
    `hs_username = ${context.user}`,
    'hs_password = …',
    `hs_bucket = ${context.bucket}`,
  ].join('\n');
}
