// `tributary mi` without a Micro Integrator: help, usage errors, where the management API comes
// from, and an unreachable one reported with its code (test/integration/mi-flows-cli.test.ts
// lists the flows of the MI test peer).

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.js';
import { captureIo, tempFile } from '../test-io.js';
import { miUsage } from './mi-command.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('tributary mi', () => {
  it('prints its usage for --help and refuses other subcommands', async () => {
    const help = captureIo();
    expect(await runCli(['mi', '--help'], help)).toBe(0);
    expect(help.stdout()).toBe(miUsage);
    const none = captureIo();
    expect(await runCli(['mi'], none)).toBe(2);
    expect(none.stderr()).toContain('name a subcommand');
    const other = captureIo();
    expect(await runCli(['mi', 'deploy'], other)).toBe(2);
    expect(other.stderr()).toContain("unknown subcommand 'deploy'");
  });

  it('asks for the management API when neither the command line nor the configuration names it', async () => {
    const io = captureIo();
    const config = tempFile('tributary.yaml', 'server:\n  port: 9090\n');
    expect(await runCli(['mi', 'flows', '--config', config], io)).toBe(2);
    expect(io.stderr()).toContain('no management API given [E_NO_MANAGEMENT_URL]');
  });

  it("uses the configuration's sink:mi management.url and reports it unreachable", async () => {
    const port = await closedPort();
    const config = tempFile(
      'tributary.yaml',
      `extensions:\n  'sink:mi':\n    management.url: http://127.0.0.1:${String(port)}\n`,
    );
    const io = captureIo();
    expect(await runCli(['mi', 'flows', '--config', config], io)).toBe(1);
    expect(io.stderr()).toBe(
      `tributary mi: cannot read MI's management API at http://127.0.0.1:${String(port)}/management: ECONNREFUSED [E_MI_MANAGEMENT]`,
    );
  });
});
