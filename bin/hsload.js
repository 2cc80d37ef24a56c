#!/usr/bin/env node
import { runTool } from '../lib/src/cli/common/tool.js';
import { hsload } from '../lib/src/cli/load/hsload.js';

await runTool(hsload);
