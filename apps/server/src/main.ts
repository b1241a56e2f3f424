// `npm start`: runs the server from the sources (tsx) with the configuration in conf/.

import { processIo } from '@tributary/cli';
import { serverCommand } from './server-command.js';

process.exitCode = await serverCommand(process.argv.slice(2), processIo());
