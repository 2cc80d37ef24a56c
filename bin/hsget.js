#!/usr/bin/env node
import { runTool } from '../lib/src/cli/common/tool.js';
import { hsget } from '../lib/src/cli/get/hsget.js';

await runTool(hsget);
