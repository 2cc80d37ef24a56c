import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chunkKey, chunkPartition, domainKey, objectKey } from './keys.js';
import { createObjectId, createRootId, isRootId, isValidId, rootIdOf } from './ids.js';

// Vectors of HSDS's tests/unit/id_util_test.py (id → storage key).
const V1_GROUP = 'g-314d61b8-9954-11e6-a733-3c15c2da029e';
const V2_GROUP = 'g-314d61b8-995411e6-a733-3c15c2-da029e';
const V1_DSET = 'd-4c48f3ae-9954-11e6-a3cd-3c15c2da029e';
const V2_DSET = 'd-4c48f3ae-995411e6-a3cd-3c15c2-da029e';
const V1_TYPE = 't-8c785f1c-9953-11e6-9bc2-0242ac110005';
const V2_TYPE = 't-8c785f1c-995311e6-9bc2-0242ac-110005';

describe('HSDS ids and storage keys', () => {
  it('maps ids to the keys HSDS uses', () => {
    assert.equal(objectKey(V1_GROUP), 'a49be-g-314d61b8-9954-11e6-a733-3c15c2da029e');
    assert.equal(objectKey(V2_GROUP), 'db/314d61b8-995411e6/g/a733-3c15c2-da029e/.group.json');
    assert.equal(objectKey(V1_DSET), '26928-d-4c48f3ae-9954-11e6-a3cd-3c15c2da029e');
    assert.equal(objectKey(V2_DSET), 'db/4c48f3ae-995411e6/d/a3cd-3c15c2-da029e/.dataset.json');
    assert.equal(objectKey(V1_TYPE), '5a9cf-t-8c785f1c-9953-11e6-9bc2-0242ac110005');
    assert.equal(objectKey(V2_TYPE), 'db/8c785f1c-995311e6/t/9bc2-0242ac-110005/.datatype.json');
    assert.equal(chunkKey(V1_TYPE.replace(/^t/, 'd'), [7, 2]), 'dc4ce-c-8c785f1c-9953-11e6-9bc2-0242ac110005_7_2');
    assert.equal(chunkKey(V2_TYPE.replace(/^t/, 'd'), [7, 2]), 'db/8c785f1c-995311e6/d/9bc2-0242ac-110005/7_2');
    assert.equal(domainKey('/bob/mydata.h5'), 'bob/mydata.h5/.domain.json');
  });

  it('recognizes root groups by the rotation rule', () => {
    const root = 'g-f9aaa28e-d42e10e5-7122-2a065c-a6986d';
    assert.ok(isRootId(root));
    assert.equal(objectKey(root), 'db/f9aaa28e-d42e10e5/.group.json');
    assert.ok(!isRootId(V2_GROUP));
    const made = createRootId();
    assert.ok(isRootId(made) && isValidId(made, 'groups'));
    const child = createObjectId('datasets', made);
    assert.ok(isValidId(child, 'datasets'));
    assert.equal(rootIdOf(child), made);
    assert.ok(!isValidId('g-1e76d862'));
  });

  it('places partitioned chunks as HSDS does', () => {
    // (Σ index·PRIMES) mod count; no partition folder for a count below 2.
    assert.equal(chunkPartition([1, 3], 5), (1 * 29 + 3 * 31) % 5);
    assert.equal(chunkKey(V2_DSET, [1, 3], chunkPartition([1, 3], 5)), `db/4c48f3ae-995411e6/d/a3cd-3c15c2-da029e/p${(29 + 93) % 5}/1_3`);
    assert.equal(chunkPartition([1, 3], 1), undefined);
  });
});
