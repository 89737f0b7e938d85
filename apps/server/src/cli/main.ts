#!/usr/bin/env node
import { runTrainCommand } from './train.js';
import { runServeCommand } from './serve.js';

const USAGE = `usage: liveprop <command> [options]

commands:
  serve   start the server (HOST, PORT, LIVEPROP_DATA)
  train   train headless and print the result (liveprop train --help)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServeCommand(rest);
    case 'train':
      return runTrainCommand(rest, { stdout: process.stdout, stderr: process.stderr });
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`liveprop: unknown command '${command}'\n${USAGE}\n`);
      return 2;
  }
}

// `liveprop train | head` closes the pipe early: the reader has what it wanted, so stop without a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(0);
});

process.exitCode = await main(process.argv.slice(2));
