import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatHscfg, HscfgProblem, parseHscfg, resolveConfig, splitDomainUrl } from './config.js';

/** Expected values follow h5pyd's config.py / _apps/config.py and HttpConn as read from their source. */
describe('.hscfg parsing', () => {
  it('reads `key = value` lines, skipping blanks and # comments', () => {
    const text = [
      '# HDFCloud configuration file',
      '',
      'hs_endpoint = http://127.0.0.1:5101',
      '  hs_username=test_user1  ',
      '\ths_password = test',
      '#hs_api_key = commented',
      'hs_bucket = hsdstest',
    ].join('\n');
    assert.deepEqual(parseHscfg(text), {
      hs_endpoint: 'http://127.0.0.1:5101',
      hs_username: 'test_user1',
      hs_password: 'test',
      hs_bucket: 'hsdstest',
    });
  });

  it('drops trailing " # comments" after a value, keeps "=" inside values, reports lines without "="', () => {
    const problems: HscfgProblem[] = [];
    const values = parseHscfg('hs_endpoint = http://h:5101 # local server\nhs_api_key = abc==\ngarbage line\nhs_username =\r\n', problems);
    assert.deepEqual(values, { hs_endpoint: 'http://h:5101', hs_api_key: 'abc==', hs_username: '' });
    assert.deepEqual(problems, [{ line: 3, text: 'garbage line' }]);
  });

  it('writes what hsconfigure writes, and reads it back', () => {
    const text = formatHscfg({ endpoint: 'http://h:5101', username: 'u', password: 'p=w', bucket: 'b' });
    assert.equal(text, '# HDFCloud configuration file\nhs_endpoint = http://h:5101\nhs_username = u\nhs_password = p=w\nhs_api_key = \nhs_bucket = b\n');
    assert.deepEqual(resolveConfig(parseHscfg(text)), {
      endpoint: 'http://h:5101',
      username: 'u',
      password: 'p=w',
      apiKey: undefined,
      bucket: 'b',
      values: { hs_endpoint: 'http://h:5101', hs_username: 'u', hs_password: 'p=w', hs_api_key: '', hs_bucket: 'b' },
    });
  });
});

describe('settings precedence', () => {
  const file = { hs_endpoint: 'http://file:5101/', hs_username: 'fileuser', hs_password: 'filepw', hs_bucket: 'filebucket', hs_custom: 'x' };

  it('HS_* environment variables override the file, explicit options override both', () => {
    const env = { HS_ENDPOINT: 'http://env:5101', HS_PASSWORD: 'envpw', HS_CUSTOM: 'y', HS_BUCKET: 'envbucket' };
    const r = resolveConfig(file, env, { username: 'explicit' });
    assert.equal(r.endpoint, 'http://env:5101');
    assert.equal(r.username, 'explicit');
    assert.equal(r.password, 'envpw');
    assert.equal(r.bucket, 'envbucket');
    // Every key of the file can be overridden by its upper-cased name.
    assert.equal(r.values.hs_custom, 'y');
  });

  it('uses HS_* variables alone when there is no file', () => {
    const r = resolveConfig({}, { HS_ENDPOINT: 'http://e', HS_USERNAME: 'u', HS_PASSWORD: 'p', HS_API_KEY: 'k', HS_BUCKET: 'b' });
    assert.deepEqual([r.endpoint, r.username, r.password, r.apiKey, r.bucket], ['http://e', 'u', 'p', 'k', 'b']);
  });

  it('treats empty and "none" as unset, and drops trailing slashes from the endpoint', () => {
    const r = resolveConfig({ hs_endpoint: 'http://h:5101//', hs_username: 'None', hs_password: '', hs_api_key: 'NONE', hs_bucket: 'none' });
    assert.deepEqual([r.endpoint, r.username, r.password, r.apiKey, r.bucket], ['http://h:5101', undefined, undefined, undefined, undefined]);
    assert.equal(resolveConfig({ hs_endpoint: '' }).endpoint, undefined);
  });
});

describe('domain URLs', () => {
  it('splits endpoint and path as h5pyd does', () => {
    assert.deepEqual(splitDomainUrl('http://host:5101/home/u/f.h5'), { endpoint: 'http://host:5101', path: '/home/u/f.h5' });
    assert.deepEqual(splitDomainUrl('https://h/home/u/f.h5'), { endpoint: 'https://h', path: '/home/u/f.h5' });
    assert.deepEqual(splitDomainUrl('hdf5://home/u/f.h5'), { path: '/home/u/f.h5' });
    assert.deepEqual(splitDomainUrl('/home/u/f.h5'), { path: '/home/u/f.h5' });
    assert.throws(() => splitDomainUrl('http://host:5101'), /no domain path/);
  });
});
