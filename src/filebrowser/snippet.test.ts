import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { h5pydSnippet } from './snippet.js';

/** Compiles the code with the real Python, which fails on any syntax error. */
function assertValidPython(code: string): void {
  execFileSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: code });
}

describe('h5pyd snippets', () => {
  const lab = { kind: 'lab' as const, endpoint: 'http://127.0.0.1:8888/h5lab' };
  const external = { kind: 'external' as const, endpoint: 'https://hsds.example.org', username: 'ana', bucket: 'data' };

  it('opens a domain of the lab service through the HS_* settings', () => {
    const code = h5pydSnippet({ path: '/home/ana/run "1".h5', kind: 'domain' }, lab);
    assert.match(code, /^import h5pyd\n/);
    assert.match(code, /HS_ENDPOINT/);
    assert.match(code, /\nf = h5pyd\.File\("\/home\/ana\/run \\"1\\"\.h5", "r"\)\n/);
    assert.doesNotMatch(code, /127\.0\.0\.1/);
    assertValidPython(code);
  });

  it('names an external endpoint, user and bucket, and asks for the password', () => {
    const code = h5pydSnippet({ path: '/shared/tall.h5', kind: 'domain' }, external);
    assert.match(code, /endpoint="https:\/\/hsds\.example\.org", username="ana"/);
    assert.match(code, /password=getpass\.getpass\(\), bucket="data"/);
    assert.match(code, /h5pyd\.File\("\/shared\/tall\.h5", "r", \*\*server\)/);
    assertValidPython(code);
  });

  it('lists a folder with h5pyd.Folder', () => {
    const code = h5pydSnippet({ path: '/home/ana/runs', kind: 'folder' }, lab);
    assert.match(code, /folder = h5pyd\.Folder\("\/home\/ana\/runs\/"\)\nprint\(list\(folder\)\)$/);
    assertValidPython(code);
    assertValidPython(h5pydSnippet({ path: '/home/ana/runs', kind: 'folder' }, external));
  });
});
