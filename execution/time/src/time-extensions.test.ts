// End-to-end tests of the time package: registered with the built-ins, every example
// compiles, and an app reads the app clock (virtual here) and converts dates per event.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  VirtualClock,
  type Engine,
} from '@tributary/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { extensions } from './index.js';

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'UTC';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

function engine(clock: VirtualClock): Engine {
  return createEngine({
    extensions: createRegistry(builtinExtensions, {
      package: packageJson.name,
      version: '0.1.0',
      extensions,
    }),
    timeService: clock,
    logger: silentLogger,
  });
}

describe('@tributary/execution-time', () => {
  it("registers Siddhi's 13 time functions", () => {
    expect(extensions.map((e) => e.spec.name).sort()).toEqual([
      'currentDate',
      'currentTime',
      'currentTimestamp',
      'date',
      'dateAdd',
      'dateDiff',
      'dateFormat',
      'dateSub',
      'dayOfWeek',
      'extract',
      'timestampInMilliseconds',
      'timezoneConvert',
      'utcTimestamp',
    ]);
  });

  it('compiles every example', () => {
    const e = engine(new VirtualClock(0));
    for (const extension of extensions) {
      for (const example of extension.spec.examples) {
        expect(e.createApp(example.siddhi).diagnostics, example.siddhi).toEqual([]);
      }
    }
  });

  it('runs date functions on the app clock', () => {
    const clock = new VirtualClock(Date.UTC(2019, 2, 31, 14, 7));
    const created = engine(clock).createApp(`
      define stream In (eventTime string, millis long);
      from In
      select time:currentTimestamp() as now,
             time:dateAdd(eventTime, 1, 'MONTH', 'yyyy-MM-dd') as nextMonth,
             time:dateDiff(eventTime, time:currentDate(), 'yyyy-MM-dd', 'yyyy-MM-dd') as days,
             time:extract(millis, 'YEAR') as year,
             time:dateFormat(millis, 'EEE dd MMM yyyy') as pretty
      insert into Out;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    const rows: unknown[][] = [];
    created.app.onStream('Out', (events) => {
      for (const e of events) rows.push([...e.data]);
    });
    created.app.start();
    created.app.input('In').send(['2019-01-31', Date.UTC(2014, 10, 11)]);
    created.app.input('In').send(['not a date', 0]);
    expect(rows).toEqual([['2019-03-31 14:07:00', '2019-02-28', -59, 2014, 'Tue 11 Nov 2014']]);
  });

  it('reports non-constant units and bad constant patterns', () => {
    const e = engine(new VirtualClock(0));
    const messages = (text: string) =>
      e
        .createApp(text)
        .diagnostics.map((d) => d.message)
        .join('; ');
    expect(
      messages(
        'define stream In (t string, u string); from In select time:dateAdd(t, 1, u) as d insert into Out;',
      ),
    ).toMatch(/constant/);
    expect(
      messages(
        "define stream In (t string); from In select time:date(t, 'yyyy-qq') as d insert into Out;",
      ),
    ).toMatch(/Illegal pattern component/);
    expect(
      messages(
        'define stream In (t string); from In select time:dateDiff(t, t) as d insert into Out;',
      ),
    ).toBe('');
  });
});
