import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseName, domainOf, downloadName, folderPath, invalidName, joinPath, localPathOf, parentOf, untitledName } from './domain-paths.js';

describe('domain paths', () => {
  it('maps drive paths to domain paths and back, whatever slashes surround them', () => {
    assert.equal(domainOf(''), '/');
    assert.equal(domainOf('home/ana/data.h5'), '/home/ana/data.h5');
    assert.equal(domainOf('/home//ana/'), '/home/ana');
    assert.equal(localPathOf('/home/ana/data.h5'), 'home/ana/data.h5');
    assert.equal(localPathOf('/home/ana/'), 'home/ana');
    assert.equal(localPathOf('/'), '');
    assert.equal(folderPath('home/ana'), '/home/ana/');
    assert.equal(folderPath(''), '/');
  });

  it('splits and joins paths', () => {
    assert.equal(baseName('/home/ana/data.h5'), 'data.h5');
    assert.equal(baseName('home/ana/'), 'ana');
    assert.equal(parentOf('/home/ana/data.h5'), '/home/ana');
    assert.equal(parentOf('/home'), '/');
    assert.equal(joinPath('/home/ana/', 'x.h5'), '/home/ana/x.h5');
    assert.equal(joinPath('/', 'home'), '/home');
  });

  it('checks names', () => {
    assert.equal(invalidName('data.h5'), undefined);
    assert.equal(invalidName('with space.h5'), undefined);
    assert.match(invalidName('a/b')!, /"\/"/);
    assert.match(invalidName(' a')!, /spaces/);
    assert.match(invalidName('')!, /empty/);
    assert.match(invalidName('..')!, /cannot be used/);
  });

  it("picks untitled names as JupyterLab's browser does", () => {
    assert.equal(untitledName(new Set(), 'domain'), 'untitled.h5');
    assert.equal(untitledName(new Set(['untitled.h5', 'untitled1.h5']), 'domain'), 'untitled2.h5');
    assert.equal(untitledName(new Set(['Untitled Folder']), 'folder'), 'Untitled Folder 1');
  });

  it('names downloads with an HDF5 extension', () => {
    assert.equal(downloadName('/home/ana/data.h5'), 'data.h5');
    assert.equal(downloadName('/home/ana/run.NC'), 'run.NC');
    assert.equal(downloadName('/home/ana/results'), 'results.h5');
  });
});
