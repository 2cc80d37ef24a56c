#!/usr/bin/env node
import { runTool } from '../lib/src/cli/common/tool.js';
import { hsdiff } from '../lib/src/cli/diff/hsdiff.js';

await runTool(hsdiff);
