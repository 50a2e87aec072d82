#!/usr/bin/env node
// The `drempel` entry. The CLI is TypeScript; tsx compiles it on the fly so a checkout
// runs without a build step (`npx drempel …`).
import { register } from 'tsx/esm/api';

register();
// `drempel export … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main, unexpected } = await import('./cli/main.ts');
const { processIo } = await import('./cli/io.ts');
// An error outside the command's own promise (a stream's 'error' event): one line, never a stack.
const crash = (e) => process.exit(unexpected(e, processIo()));
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.exitCode = await main(process.argv.slice(2));
