import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { base64StartsLikeHdf5, startsLikeHdf5 } from './hdf5-signature.js';

describe('HDF5 signature', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'h5lab-signature-'));
    // Real files written by HDF5 (h5py), with and without a user block before the signature.
    execFileSync('python3', ['-c', `
import h5py, sys
for name, block in (("plain.h5", 0), ("block512.h5", 512), ("block4096.h5", 4096)):
    with h5py.File(sys.argv[1] + "/" + name, "w", userblock_size=block) as f:
        f["x"] = [1, 2, 3]
`, dir]);
    writeFileSync(path.join(dir, 'notes.h5'), 'not an HDF5 file\n'.repeat(400));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const read = (name: string) => new Uint8Array(readFileSync(path.join(dir, name)));

  it('finds the signature at byte 0 and after user blocks', () => {
    for (const name of ['plain.h5', 'block512.h5', 'block4096.h5']) assert.equal(startsLikeHdf5(read(name)), true, name);
  });

  it('refuses other files and a first part too short to hold the signature', () => {
    assert.equal(startsLikeHdf5(read('notes.h5')), false);
    assert.equal(startsLikeHdf5(read('plain.h5').slice(0, 7)), false);
    assert.equal(startsLikeHdf5(read('block4096.h5').slice(0, 4096)), false);
  });

  it('reads base64 content as uploads carry it', () => {
    assert.equal(base64StartsLikeHdf5(Buffer.from(read('block512.h5')).toString('base64')), true);
    assert.equal(base64StartsLikeHdf5(Buffer.from(read('notes.h5')).toString('base64')), false);
  });
});
