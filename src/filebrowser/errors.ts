/**
 * Failures of the domain browser, told to the person using it. The SDK's HsError speaks to command-line users
 * (~/.hscfg, HS_* variables, "anonymous access" when the lab's proxy signs the requests); here the same
 * statuses become sentences about what the browser tried to do.
 */
import { HsError } from '../client/index.js';

export class DomainBrowserError extends Error {
  constructor(
    message: string,
    /** HTTP-like status: 404 gone, 409 exists, 403 not allowed, 400 not possible, 0 service unreachable. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'DomainBrowserError';
  }

  /**
   * JupyterLab's file browser reads `error.response.status`: 404 takes it back to the top level, 409 on a
   * rename asks whether to overwrite.
   */
  get response(): { status: number } {
    return { status: this.status };
  }
}

/** The error as a DomainBrowserError whose message says that `action` (e.g. "delete /home/ana/x.h5") failed. */
export function explain(error: unknown, action: string): DomainBrowserError {
  if (error instanceof DomainBrowserError) return error;
  if (!(error instanceof HsError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new DomainBrowserError(`Could not ${action}: ${message}`, 0);
  }
  const said = error.reason ? ` (the service said: ${error.reason})` : '';
  const target = error.domain ?? 'it';
  switch (error.status) {
    case 0:
      return new DomainBrowserError(`The HDF service does not answer, so could not ${action}: ${error.reason}.`, 0);
    case 401:
      return new DomainBrowserError(
        `The HDF service did not accept the credentials, so could not ${action}. Check the h5lab connection settings.`,
        401,
      );
    case 403:
      return new DomainBrowserError(`You do not have permission to ${action}${said}.`, 403);
    case 404:
    case 410:
      return new DomainBrowserError(`Could not ${action}: ${target} does not exist.`, 404);
    case 409:
      return new DomainBrowserError(`Could not ${action}: ${target} already exists.`, 409);
    default:
      return new DomainBrowserError(`Could not ${action}: the HDF service answered ${error.status}${said}.`, error.status);
  }
}
