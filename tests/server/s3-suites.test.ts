/**
 * The engine's main endpoint suites once more, on the S3 store: with H5LAB_TEST_STORE=s3 every startServer()
 * runs the engine on a bucket of its own s3rver on loopback (tests/helpers/server.ts). The suites that look
 * at files on disk (storage-compat, crash) stay POSIX-only; s3-storage.test.ts checks the bucket's layout.
 */
import { describe } from 'node:test';

process.env.H5LAB_TEST_STORE = 's3';

const SUITES = ['domains', 'groups', 'links', 'datatypes', 'attributes', 'acls', 'datasets', 'values'];

for (const suite of SUITES) {
  // The suite's own describe() calls, made while its module loads, nest under this one.
  describe(`S3 store: ${suite}`, async () => {
    await import(`./${suite}.test.js`);
  });
}
