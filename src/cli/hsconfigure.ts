/**
 * hsconfigure: writes ~/.hscfg. Interactive as h5pyd's (asks for endpoint, user name, password, API key and
 * bucket, tests the connection, offers to save); with any of -e/-u/-p/--api_key/--bucket it asks nothing:
 * the given values (the others kept from the current settings) are tested and saved, or, when the test
 * fails, saved only with --force.
 */
import { HsConfig } from '../client/index.js';
import { defaultHscfgPath, loadConfig, writeHscfg } from '../client/node/index.js';
import { connectionFlags } from './common/common-options.js';
import { Prompter } from './common/prompt.js';
import { CliError, describeError, Tool, ToolContext } from './common/tool.js';

export const hsconfigure: Tool = {
  name: 'hsconfigure',
  synopsis: ['[ OPTIONS ]'],
  description: [
    'Create or update the configuration file ~/.hscfg',
    '   without options: asks for each setting (Enter keeps the value in brackets)',
    '   with -e, -u, -p, --api_key or --bucket: saves those settings after testing the connection',
  ],
  options: [{ name: 'force', flags: ['--force'], help: 'save the settings even if the connection test fails' }],
  examples: ['{cmd}', '{cmd} -e http://127.0.0.1:5101 -u test_user1 -p test'],
  async run(ctx: ToolContext) {
    const current = loadConfig();
    const settings: HsConfig = { endpoint: current.endpoint, username: current.username, password: current.password, apiKey: current.apiKey, bucket: current.bucket };
    const given = Object.entries(connectionFlags(ctx.options)).filter(([, v]) => v !== undefined);
    if (given.length) {
      Object.assign(settings, Object.fromEntries(given));
      const problem = await testConnection(ctx, settings);
      if (problem && !ctx.flag('force')) throw new CliError(`connection test failed: ${problem}; settings not saved (--force saves them anyway)`);
      if (problem) ctx.out(`connection test failed: ${problem}`);
      save(ctx, settings);
      return;
    }
    await interactive(ctx, settings);
  },
};

async function interactive(ctx: ToolContext, settings: HsConfig): Promise<void> {
  const prompter = new Prompter();
  try {
    const questions: [keyof HsConfig, string, string][] = [
      ['endpoint', 'Server endpoint', 'endpoint'],
      ['username', 'Username', 'username'],
      ['password', 'Password', 'password'],
      ['apiKey', 'API Key', 'api key'],
      ['bucket', 'Bucket', 'bucket'],
    ];
    let dirty = false;
    for (;;) {
      ctx.out('Enter new values or accept defaults in brackets with Enter.');
      ctx.out();
      for (const [key, label, name] of questions) {
        const secret = key === 'password' || key === 'apiKey';
        const shown = settings[key] ? (secret ? '*'.repeat(settings[key]!.length) : settings[key]) : 'None';
        const answer = await prompter.ask(`${label} [${shown}]: `, { secret });
        if (answer) {
          // "none" clears a setting, as h5pyd's configuration reads it.
          settings[key] = answer.toLowerCase() === 'none' ? undefined : answer;
          ctx.out(`Updated ${name}: [${secret ? '*'.repeat(answer.length) : answer}]`);
          dirty = true;
        }
      }
      ctx.out('Testing connection...');
      const problem = await testConnection(ctx, settings);
      ctx.out(problem ?? 'connection ok');
      if (dirty && isYes(await prompter.ask('Save changes? (Y/N) '))) {
        save(ctx, settings);
        return;
      }
      const quit = await prompter.ask('Quit? (Y/N) ');
      if (quit === undefined || isYes(quit)) return;
    }
  } finally {
    prompter.close();
  }
}

const isYes = (answer: string | undefined) => answer === 'y' || answer === 'Y';

/** Undefined when the server answers READY with these settings, else what went wrong. */
async function testConnection(ctx: ToolContext, settings: HsConfig): Promise<string | undefined> {
  const endpoint = settings.endpoint ?? '';
  if (!/^https?:\/\//.test(endpoint) && !/^local(\[\d*\])?$/.test(endpoint)) return "the endpoint must start with 'http://' or 'https://' (or be 'local')";
  try {
    // 'none' rather than undefined: an unset value must not be filled in from HS_* or the current file.
    const none = (v: string | undefined) => v ?? 'none';
    const connection = ctx.connect({ endpoint, username: none(settings.username), password: none(settings.password), apiKey: none(settings.apiKey), bucket: none(settings.bucket) });
    const about = await connection.about();
    return about.state === 'READY' ? undefined : `the server is ${about.state}, not READY: try again later`;
  } catch (e) {
    return describeError(e);
  }
}

function save(ctx: ToolContext, settings: HsConfig): void {
  const file = defaultHscfgPath();
  ctx.out(`Saving config file to: ${file}`);
  writeHscfg(settings, file);
}
