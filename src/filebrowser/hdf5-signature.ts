/**
 * Whether the start of an upload is an HDF5 file: its 8-byte signature is at byte 0, or after a user block at
 * 512, 1024, 2048, … (HDF5 file format, "Format Signature"). Checked on the first part of an upload so that a
 * file of another kind is refused before it is sent.
 */

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function startsLikeHdf5(bytes: Uint8Array): boolean {
  for (let offset = 0; offset + SIGNATURE.length <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (SIGNATURE.every((byte, i) => bytes[offset + i] === byte)) return true;
  }
  return false;
}

/** The same test on base64 content, as JupyterLab's uploads carry it. */
export function base64StartsLikeHdf5(content: string): boolean {
  const binary = atob(content);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return startsLikeHdf5(bytes);
}
