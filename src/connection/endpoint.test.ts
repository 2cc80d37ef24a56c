import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, TestServer } from '../../tests/helpers/server.js';
import { basicAuthorization, explainFailure, parseAbout, resolveEndpoint } from './endpoint.js';

describe('resolveEndpoint', () => {
  const base = 'http://127.0.0.1:8888/user/ana/';

  it('defaults to the sidecar under the lab base URL', () => {
    assert.deepEqual(resolveEndpoint('', base), { kind: 'lab', endpoint: 'http://127.0.0.1:8888/user/ana/h5lab' });
    assert.deepEqual(resolveEndpoint('  ', 'http://lab.example/'), { kind: 'lab', endpoint: 'http://lab.example/h5lab' });
  });

  it('reads a path as a route of the Jupyter server, whatever slashes surround it', () => {
    for (const setting of ['hsds', 'hsds/', '/hsds/']) {
      assert.deepEqual(resolveEndpoint(setting, base), { kind: 'lab', endpoint: 'http://127.0.0.1:8888/user/ana/hsds' });
    }
  });

  it('reads an http(s) URL as an external service, dropping the trailing slash and any query', () => {
    assert.deepEqual(resolveEndpoint('https://hsds.example.org:5101/', base), {
      kind: 'external',
      endpoint: 'https://hsds.example.org:5101',
    });
    assert.deepEqual(resolveEndpoint('http://10.0.0.2/hsds/?x=1', base), { kind: 'external', endpoint: 'http://10.0.0.2/hsds' });
  });

  it('refuses URLs it cannot use, naming the setting', () => {
    const notHttp = resolveEndpoint('ftp://files.example', base);
    assert.ok('error' in notHttp && /"ftp:\/\/files.example" must be an http/.test(notHttp.error));
    const invalid = resolveEndpoint('http://', base);
    assert.ok('error' in invalid && /"http:\/\/" is not a valid URL/.test(invalid.error));
  });
});

describe('basicAuthorization', () => {
  it('encodes user:password as UTF-8 base64', () => {
    for (const [user, password] of [['test_user1', 'test'], ['jörg', 'pä:ss wörd'], ['用户', '密码']]) {
      const expected = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
      assert.equal(basicAuthorization(user, password), expected);
    }
  });
});

describe('explainFailure', () => {
  const lab = { kind: 'lab' as const, endpoint: 'http://127.0.0.1:8888/h5lab' };
  const external = { kind: 'external' as const, endpoint: 'http://127.0.0.1:9', username: 'ana' };

  it('passes on the message the lab proxy gives when the sidecar is down', () => {
    const body = JSON.stringify({ message: 'The h5lab service is not running (killed by SIGKILL); it is being restarted, try again shortly.' });
    const text = explainFailure({ kind: 'answered', status: 503, statusText: 'h5lab service not running', body }, lab);
    assert.equal(text, 'The h5lab service is not running (killed by SIGKILL); it is being restarted, try again shortly.');
  });

  it('tells that the server extension is missing when the lab answers 404 with its own page', () => {
    const text = explainFailure({ kind: 'answered', status: 404, statusText: 'Not Found', body: '<html>404</html>' }, lab);
    assert.match(text, /server extension is not enabled/);
  });

  it('names the endpoint, the user and the cause for external services', () => {
    assert.match(explainFailure({ kind: 'unreachable', detail: 'Failed to fetch' }, external), /^Cannot reach http:\/\/127\.0\.0\.1:9 .*CORS/);
    assert.match(explainFailure({ kind: 'answered', status: 401, statusText: 'Unauthorized', body: '' }, external), /user "ana"/);
    assert.match(explainFailure({ kind: 'answered', status: 200, statusText: 'OK', body: '{}' }, external), /not as an HDF REST/);
  });
});

describe('parseAbout', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.dispose());

  it('accepts the real /about of h5lab serve', async () => {
    const body = await (await fetch(`${server.url}/about`)).text();
    const about = parseAbout(body);
    assert.ok(about, body);
    assert.equal(about.state, 'READY');
    assert.match(about.hsds_version, /^\d+\.\d+\.\d+/);
  });

  it('rejects answers of other services', () => {
    assert.equal(parseAbout('{"version": "2.21.1"}'), undefined);
    assert.equal(parseAbout('<html></html>'), undefined);
    assert.equal(parseAbout('null'), undefined);
  });
});
