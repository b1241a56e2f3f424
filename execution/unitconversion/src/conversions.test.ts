// Unit tests of the unitconversion:* functions (Siddhi's documented conversions, exact
// factors, nulls) and an end-to-end run with the package registered.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  VirtualClock,
} from '@tributary/engine';
import type { Extension, FunctionContext } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { CONVERSIONS } from './conversions.js';
import { extensions } from './index.js';

const ctx: FunctionContext = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

function convert(name: string, value: unknown): unknown {
  const extension: Extension | undefined = extensions.find((e) => e.spec.name === name);
  if (extension?.kind !== 'function') throw new Error(`no function ${name}`);
  const call = extension.spec.create([{ type: 'double', constant: false }], ctx).call;
  if (call === undefined) throw new Error('no call');
  return call([value]);
}

describe('unitconversion functions', () => {
  it("offers Siddhi's 48 conversions", () => {
    expect(extensions).toHaveLength(48);
    expect(new Set(CONVERSIONS.map((c) => c.name)).size).toBe(48);
    expect(extensions.every((e) => e.spec.namespace === 'unitconversion')).toBe(true);
  });

  it('converts lengths', () => {
    expect(convert('cmTom', 100)).toBe(1);
    expect(convert('cmTomm', 1)).toBe(10);
    expect(convert('cmTonm', 1)).toBe(1e7);
    expect(convert('cmToum', 100)).toBe(1e6);
    expect(convert('cmToft', 100)).toBeCloseTo(3.2808398950131235, 14);
    expect(convert('cmToin', 2.54)).toBe(1);
    expect(convert('cmTomi', 10000)).toBeCloseTo(0.06213711922373339, 15);
    expect(convert('cmToyd', 91.44)).toBe(1);
    expect(convert('kmTomi', 1.609344)).toBe(1);
    expect(convert('miTokm', 1)).toBe(1.609344);
    expect(convert('kmTom', 1)).toBe(1000);
    expect(convert('MmTokm', 1)).toBe(1000);
    expect(convert('mToft', 0.3048)).toBe(1);
    expect(convert('kmToft', 1)).toBeCloseTo(3280.839895013123, 9);
  });

  it('converts masses, times and volumes', () => {
    expect(convert('gTokg', 1000)).toBe(1);
    expect(convert('gTomg', 1)).toBe(1000);
    expect(convert('kgTolb', 0.45359237)).toBe(1);
    expect(convert('kgTooz', 1)).toBeCloseTo(35.27396194958041, 12);
    expect(convert('kgTost', 6.35029318)).toBe(1);
    expect(convert('kgToST', 907.18474)).toBe(1);
    expect(convert('kgToLT', 1016.0469088)).toBe(1);
    expect(convert('tTokg', 1)).toBe(1000);
    expect(convert('dToh', 1)).toBe(24);
    expect(convert('hTos', 1)).toBe(3600);
    expect(convert('mTos', 2)).toBe(120);
    expect(convert('sTons', 1)).toBe(1e9);
    expect(convert('yTod', 1)).toBe(365.2425);
    expect(convert('lToml', 1)).toBe(1000);
    expect(convert('m3Tol', 1)).toBe(1000);
    expect(convert('mlTol', 1)).toBe(0.001);
    expect(convert('lTom3', 1)).toBe(0.001);
  });

  it('fails the event on null', () => {
    expect(() => convert('cmTom', null)).toThrow(
      'Input to the UnitConversion function cannot be null',
    );
  });

  it('runs on the engine and compiles every example', () => {
    const engine = createEngine({
      extensions: createRegistry(builtinExtensions, {
        package: packageJson.name,
        version: '0.1.0',
        extensions,
      }),
      timeService: new VirtualClock(0),
      logger: silentLogger,
    });
    for (const extension of extensions) {
      for (const example of extension.spec.examples) {
        expect(engine.createApp(example.siddhi).diagnostics, example.siddhi).toEqual([]);
      }
    }
    const created = engine.createApp(`
      define stream In (cm int, kg float);
      from In select unitconversion:cmTom(cm) as m, unitconversion:kgTog(kg) as g insert into Out;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    const rows: unknown[][] = [];
    created.app.onStream('Out', (events) => {
      for (const e of events) rows.push([...e.data]);
    });
    created.app.start();
    created.app.input('In').send([250, 1.5]);
    expect(rows).toEqual([[2.5, 1500]]);
    expect(
      engine.createApp(
        'define stream In (s string); from In select unitconversion:cmTom(s) as m insert into Out;',
      ).ok,
    ).toBe(false);
  });
});
