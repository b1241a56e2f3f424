// Tests of `tributary export`: the Docker context and the Kubernetes manifests for the apps of
// a deployment folder, refusal of invalid or misnamed apps, and usage errors.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { captureIo } from '../test-io.js';
import { exportCommand } from './export-command.js';

const APP = `@app:name('Prices')
define stream S (symbol string, price double);
from S[price > 10.0] select symbol insert into High;
`;

function home(apps: Record<string, string>, config = 'server:\n  port: 9191\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-export-'));
  mkdirSync(join(dir, 'apps'), { recursive: true });
  for (const [name, text] of Object.entries(apps)) writeFileSync(join(dir, 'apps', name), text);
  writeFileSync(
    join(dir, 'tributary.yaml'),
    `${config}deployment:\n  folder: ${join(dir, 'apps')}\n`,
  );
  return dir;
}

const deps = { bundled: [] };

describe('exportCommand', () => {
  it('writes a Dockerfile with the apps and the configuration as its context', async () => {
    const dir = home({ 'Prices.siddhi': APP });
    const out = join(dir, 'docker');
    const io = captureIo();
    const code = await exportCommand(
      ['docker', '--config', join(dir, 'tributary.yaml'), '--out', out],
      io,
      deps,
    );
    expect(io.stderr()).toBe('');
    expect(code).toBe(0);
    const dockerfile = readFileSync(join(out, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('--mount=type=bind,from=tributary,target=/src');
    expect(dockerfile).toContain('EXPOSE 9191');
    expect(dockerfile).toContain("fetch('http://127.0.0.1:9191/health')");
    expect(dockerfile).toContain('CMD ["node", "apps/cli/dist/main.js", "server"]');
    expect(readFileSync(join(out, 'conf', 'siddhi-files', 'Prices.siddhi'), 'utf8')).toBe(APP);
    expect(readFileSync(join(out, 'conf', 'tributary.yaml'), 'utf8')).toContain('port: 9191');
    expect(io.stdout()).toContain('docker build --build-context tributary=');
  });

  it('writes Kubernetes manifests: deployment with probes, service, claim, apps and config', async () => {
    const dir = home({ 'Prices.siddhi': APP });
    const out = join(dir, 'k8s');
    const code = await exportCommand(
      [
        'k8s',
        '--config',
        join(dir, 'tributary.yaml'),
        '--out',
        out,
        '--image',
        'acme/prices:1',
        '--name',
        'prices',
      ],
      captureIo(),
      deps,
    );
    expect(code).toBe(0);
    const read = (file: string): unknown =>
      parseAllDocuments(readFileSync(join(out, file), 'utf8'))[0]?.toJS();
    const deployment = read('deployment.yaml') as {
      kind: string;
      spec: {
        template: {
          spec: {
            containers: {
              image: string;
              readinessProbe: { httpGet: { path: string } };
              ports: { containerPort: number }[];
            }[];
          };
        };
      };
    };
    expect(deployment.kind).toBe('Deployment');
    const container = deployment.spec.template.spec.containers[0];
    expect(container?.image).toBe('acme/prices:1');
    expect(container?.readinessProbe.httpGet.path).toBe('/health');
    expect(container?.ports[0]?.containerPort).toBe(9191);
    expect((read('configmap.yaml') as { data: Record<string, string> }).data['Prices.siddhi']).toBe(
      APP,
    );
    expect(
      (read('secret.yaml') as { stringData: Record<string, string> }).stringData['tributary.yaml'],
    ).toContain('port: 9191');
    expect((read('service.yaml') as { metadata: { name: string } }).metadata.name).toBe('prices');
    expect((read('kustomization.yaml') as { resources: string[] }).resources).toHaveLength(5);
    expect(existsSync(join(out, 'pvc.yaml'))).toBe(true);
  });

  it('refuses to export invalid or misnamed apps', async () => {
    const dir = home({
      'Prices.siddhi': APP,
      'Wrong.siddhi': APP.replace("'Prices'", "'Other'"),
      'Bad.siddhi': "@app:name('Bad')\nfrom X select a insert into O;\n",
    });
    const io = captureIo();
    const out = join(dir, 'out');
    expect(
      await exportCommand(['k8s', '--config', join(dir, 'tributary.yaml'), '--out', out], io, deps),
    ).toBe(1);
    expect(io.stderr()).toContain('[E_APP_NAME_MISMATCH]');
    expect(io.stderr()).toContain('2 app(s) have errors; nothing was exported [E_INVALID_APP]');
    expect(existsSync(out)).toBe(false);
  });

  it('checks its usage', async () => {
    const io = captureIo();
    expect(await exportCommand([], io, deps)).toBe(2);
    expect(io.stderr()).toContain('docker or k8s');
    expect(await exportCommand(['k8s', '--name', 'Not_Valid'], captureIo(), deps)).toBe(2);
    const empty = home({});
    const none = captureIo();
    expect(
      await exportCommand(['docker', '--config', join(empty, 'tributary.yaml')], none, deps),
    ).toBe(1);
    expect(none.stderr()).toContain('[E_NO_APPS]');
  });
});
