#!/usr/bin/env node
// Entry point of the `tributary` binary: runs the command line on the process's arguments.

import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2));
