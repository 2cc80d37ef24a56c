/**
 * An hsload killed (SIGKILL) in the middle of copying values finishes when run again: the second run reads
 * the journal the first one left, writes only what is missing, and removes the journal; the domain then
 * holds the source exactly (compared by h5py after hsget).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, TestServer } from '../helpers/server.js';
import { cleanEnv, cli, openDomain, serverEnv, startClientServer, tempHome } from './support.js';
import { compareFiles, python } from './hsload-support.js';

const DOMAIN = `/home/test_user1/resume_${process.pid}.h5`;

describe('hsload after an interruption', () => {
  let server: TestServer;
  let work: string;
  let home: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'h5lab-hsload-resume-'));
    home = tempHome();
    const made = python('make_large_file.py', [path.join(work, 'big.h5'), 'gzip', '48']);
    assert.equal(made.code, 0, made.stderr);
    server = await startClientServer();
  });
  after(async () => {
    await server.dispose();
    rmSync(work, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const journalDir = () => path.join(home, '.local', 'state', 'h5lab', 'hsload');
  const journal = () => (existsSync(journalDir()) ? readdirSync(journalDir()).map((f) => readFileSync(path.join(journalDir(), f), 'utf8')).join('') : '');

  it('is killed after some pages, and run again completes the same domain', async () => {
    const env = { ...cleanEnv(home), ...serverEnv(server) };
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'hsload.js'), path.join(work, 'big.h5'), DOMAIN], { env, cwd: home, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill as soon as a few pages are recorded as written.
    const deadline = Date.now() + 30_000;
    while ((journal().match(/"t":"page"/g)?.length ?? 0) < 2) {
      assert.ok(Date.now() < deadline && child.exitCode === null, 'hsload finished or stalled before it could be killed');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const recorded = journal();
    assert.doesNotMatch(recorded, /"t":"done"/, 'killed before the dataset was complete');
    const root = /"root":"(g-[^"]+)"/.exec(recorded)![1];

    const run = cli(server);
    const again = await run('hsload', ['-v', path.join(work, 'big.h5'), DOMAIN], { env: { HOME: home } });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /finished interrupted load of .*big\.h5/);
    assert.equal(journal(), '', 'the journal is removed once the load is complete');
    const copy = path.join(work, 'copy.h5');
    assert.equal((await run('hsget', [DOMAIN, copy])).code, 0);
    const { ok, report } = compareFiles([[path.join(work, 'big.h5'), copy]]);
    assert.ok(ok, report);
    // The same domain was completed, not replaced.
    const f = await openDomain(server, DOMAIN);
    assert.equal(f.id, root);
    await f.close();
  });
});
