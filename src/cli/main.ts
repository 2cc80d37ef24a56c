/** Entry of the hs* commands (bin/hs*.js): finds the tool by the command's name and runs it. */
import { runTool, Tool } from './common/tool.js';

const TOOLS: Record<string, () => Promise<Tool>> = {
  hsinfo: async () => (await import('./hsinfo.js')).hsinfo,
  hsconfigure: async () => (await import('./hsconfigure.js')).hsconfigure,
  hsls: async () => (await import('./hsls.js')).hsls,
  hstouch: async () => (await import('./hstouch.js')).hstouch,
  hsdel: async () => (await import('./hsdel.js')).hsdel,
  hsrm: async () => (await import('./hsdel.js')).hsdel,
  hsmv: async () => (await import('./hsmv.js')).hsmv,
  hscopy: async () => (await import('./hscopy.js')).hscopy,
  hscp: async () => (await import('./hscopy.js')).hscopy,
  hsacl: async () => (await import('./hsacl.js')).hsacl,
  hsstat: async () => (await import('./hsstat.js')).hsstat,
};

export async function main(command: string): Promise<void> {
  const load = TOOLS[command];
  if (!load) throw new Error(`unknown command ${command}`);
  await runTool(await load(), command);
}
