#!/usr/bin/env node
import '../lib/src/server/cli.js';
