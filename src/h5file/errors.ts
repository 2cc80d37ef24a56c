/**
 * Raised when an HDF5 file is not valid, is truncated, or uses a feature this reader does not handle.
 * Messages name the structure and file address involved so a bad file can be diagnosed from the message.
 */
export class Hdf5FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Hdf5FormatError';
  }
}

/** Raised for a path that does not name a dataset (missing link, a group, a dangling soft link...). */
export class Hdf5PathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Hdf5PathError';
  }
}
