#!/usr/bin/env node
// Chunk I/O is many concurrent file writes with fsync: give libuv's thread pool room before it starts.
process.env.UV_THREADPOOL_SIZE ??= '16';
await import('../lib/src/server/cli.js');
