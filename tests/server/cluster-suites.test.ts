/**
 * The engine's main endpoint suites once more, with the data layer split into two data-node processes
 * (H5LAB_TEST_DN_COUNT=2: every startServer() runs `serve --dn-count 2`): objects, links, attributes and
 * chunks are then owned by different processes and every call crosses the internal API.
 */
import { describe } from 'node:test';

process.env.H5LAB_TEST_DN_COUNT = '2';

const SUITES = ['domains', 'groups', 'links', 'datatypes', 'attributes', 'acls', 'datasets', 'values'];

for (const suite of SUITES) {
  describe(`2 data-node processes: ${suite}`, async () => {
    await import(`./${suite}.test.js`);
  });
}
