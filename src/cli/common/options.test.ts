import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOptions, OptionSpec, parseArgs, UsageError } from './options.js';

const SPECS: OptionSpec[] = [
  { name: 'endpoint', flags: ['-e', '--endpoint'], value: 'ENDPOINT', help: 'server endpoint' },
  { name: 'password', flags: ['-p', '--password'], value: 'PASSWORD', help: 'password' },
  { name: 'recursive', flags: ['-r', '--recursive'], help: 'recurse' },
  { name: 'verbose', flags: ['-v', '--verbose'], help: 'verbose' },
  { name: 'loglevel', flags: ['--loglevel'], value: 'LEVEL', choices: ['debug', 'error'], help: 'level' },
];

describe('command-line options', () => {
  it('reads values, flags and positionals in any order', () => {
    const r = parseArgs(['-e', 'http://h:1', '/home/', '-rv', '--password=a=b', '--loglevel', 'debug'], SPECS);
    assert.deepEqual(r.options, { endpoint: 'http://h:1', recursive: true, verbose: true, password: 'a=b', loglevel: 'debug' });
    assert.deepEqual(r.positionals, ['/home/']);
  });

  it('takes the next argument as the value even when it starts with a dash', () => {
    assert.equal(parseArgs(['-p', '-secret-'], SPECS).options.password, '-secret-');
  });

  it('stops at -- and, when asked, at the first positional', () => {
    assert.deepEqual(parseArgs(['-r', '--', '-v'], SPECS).positionals, ['-v']);
    const acl = parseArgs(['-v', '/dom.h5', '-r', '+cu', 'bob'], SPECS, { positionalsEndOptions: true });
    assert.deepEqual(acl.options, { verbose: true });
    assert.deepEqual(acl.positionals, ['/dom.h5', '-r', '+cu', 'bob']);
  });

  it('refuses unknown options, missing values, values of flags and values outside the choices', () => {
    const fails = (argv: string[], message: RegExp) => assert.throws(() => parseArgs(argv, SPECS), (e: unknown) => e instanceof UsageError && message.test(e.message));
    fails(['--bogus'], /^unknown option --bogus$/);
    fails(['-rx'], /^unknown option -rx$/);
    fails(['-e'], /^-e needs a value \(ENDPOINT\)$/);
    fails(['--recursive=1'], /^--recursive does not take a value$/);
    fails(['--loglevel', 'loud'], /^--loglevel must be one of debug, error, not 'loud'$/);
  });

  it('lays out help lines as h5pyd does (flags padded to 40 columns)', () => {
    assert.deepEqual(describeOptions(SPECS.slice(0, 1)), [`    ${'-e, --endpoint ENDPOINT'.padEnd(40)} server endpoint`]);
    assert.equal(describeOptions(SPECS.slice(4))[0], `    ${'--loglevel {debug|error}'.padEnd(40)} level`);
  });
});
