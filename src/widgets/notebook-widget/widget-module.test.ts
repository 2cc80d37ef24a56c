import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { WIDGET_MODULE, WIDGET_MODULE_VERSION } from './widget-module.js';

// Compiled to lib/src/widgets/notebook-widget/: the repository is four levels up.
const packageJson = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

test('the widget module is registered under the package name and version', () => {
  assert.equal(WIDGET_MODULE, packageJson.name);
  assert.equal(WIDGET_MODULE_VERSION, packageJson.version);
});
