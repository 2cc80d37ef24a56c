/**
 * HTTP errors raised anywhere in the engine. HSDS (aiohttp) answers errors with a plain-text body
 * `"<status>: <reason>"` and uses the message as the HTTP reason phrase; h5pyd surfaces that reason to users,
 * so messages here must be short, specific and safe to show.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const unauthorized = (message = 'Unauthorized') => new HttpError(401, message);
export const forbidden = (message = 'Forbidden') => new HttpError(403, message);
export const notFound = (message = 'Not Found') => new HttpError(404, message);
export const methodNotAllowed = (message = 'Method Not Allowed') => new HttpError(405, message);
export const conflict = (message = 'Conflict') => new HttpError(409, message);
export const gone = (message = 'Gone') => new HttpError(410, message);
export const tooLarge = (message = 'Request Entity Too Large') => new HttpError(413, message);
export const unavailable = (message = 'Service Unavailable') => new HttpError(503, message);
export const internalError = (message = 'Internal Server Error') => new HttpError(500, message);

export function isHttpError(e: unknown): e is HttpError {
  return e instanceof HttpError;
}
