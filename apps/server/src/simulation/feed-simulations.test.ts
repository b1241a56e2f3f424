// Tests of feed simulations on a virtual clock: a random feed runs to its event count, a CSV
// feed pauses (nothing is sent while time passes) and resumes, progress and refusals.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createEngine, VirtualClock } from '@tributary/engine';
import { Deployments } from '../apps/deployments.js';
import type { FeedConfig } from '../docs/api-schemas.js';
import { ApiError } from '../http/api-error.js';
import { createServerLogger } from '../logging/server-logger.js';
import { FeedSimulations } from './feed-simulations.js';
import { SimulationFiles } from './simulation-files.js';

const APP = `@app:name('Feed')
define stream S (symbol string, price double);
define table T (symbol string, price double);
from S select symbol, price insert into T;
`;

/** Poll often: the work after each clock step is a few microtasks and a file read. */
const FAST = { interval: 1, timeout: 2000 };

async function setup() {
  const log = createServerLogger('silent');
  const deployments = new Deployments({ createEngine: (logger) => createEngine({ logger }), log });
  await deployments.deploy(APP);
  const files = new SimulationFiles(mkdtempSync(join(tmpdir(), 'tributary-sim-')));
  const clock = new VirtualClock(1_000_000);
  const feeds = new FeedSimulations({
    deployments,
    files,
    datasources: new Map(),
    time: clock,
    log,
  });
  const rows = () => deployments.query('Feed', 'from T select symbol, price').rows;
  return { deployments, files, clock, feeds, rows };
}

function feed(
  name: string,
  sources: FeedConfig['sources'],
  properties: Partial<FeedConfig['properties']> = {},
): FeedConfig {
  return { properties: { simulationName: name, timeInterval: 1000, ...properties }, sources };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  return undefined;
}

describe('FeedSimulations', () => {
  it('sends random events at the interval until the event count is reached', async () => {
    const { feeds, clock, rows } = await setup();
    feeds.create(
      feed(
        'R',
        [
          {
            simulationType: 'RANDOM_DATA_SIMULATION',
            siddhiAppName: 'Feed',
            streamName: 'S',
            seed: 1,
          },
        ],
        {
          timeInterval: 100,
          noOfEvents: 5,
          startTimestamp: 500,
        },
      ),
    );
    await feeds.control('R', 'run');
    for (let i = 0; i < 10; i += 1) {
      clock.advanceBy(100);
      await vi.waitFor(() => {
        expect(feeds.status('R').sent).toBe(Math.min(5, i + 1));
      }, FAST);
    }
    expect(feeds.status('R')).toMatchObject({ state: 'finished', sent: 5, total: 5 });
    expect(rows()).toHaveLength(5);
    expect(feeds.countByState()).toEqual({ finished: 1 });
  });

  it('pauses (nothing is sent while time passes), resumes and finishes at the end of the file', async () => {
    const { feeds, clock, files, rows } = await setup();
    await files.write('trades.csv', 'IBM,1\nWSO2,2\nACME,3\n');
    feeds.create(
      feed('C', [
        {
          simulationType: 'CSV_SIMULATION',
          siddhiAppName: 'Feed',
          streamName: 'S',
          fileName: 'trades.csv',
          delimiter: ',',
          hasHeader: false,
        },
      ]),
    );
    await feeds.control('C', 'run');
    clock.advanceBy(0);
    await vi.waitFor(() => {
      expect(feeds.status('C').sent).toBe(1);
    }, FAST);
    await feeds.control('C', 'pause');
    clock.advanceBy(10_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(feeds.status('C')).toMatchObject({ state: 'paused', sent: 1 });
    await feeds.control('C', 'resume');
    for (const expected of [2, 3]) {
      clock.advanceBy(1000);
      await vi.waitFor(() => {
        expect(feeds.status('C').sent).toBe(expected);
      }, FAST);
    }
    clock.advanceBy(1000);
    await vi.waitFor(() => {
      expect(feeds.status('C').state).toBe('finished');
    }, FAST);
    expect(rows()).toEqual([
      ['IBM', 1],
      ['WSO2', 2],
      ['ACME', 3],
    ]);
  });

  it('fails a run whose values do not fit, with the reason', async () => {
    const { feeds, clock, files } = await setup();
    await files.write('bad.csv', 'IBM,cheap\n');
    feeds.create(
      feed('B', [
        {
          simulationType: 'CSV_SIMULATION',
          siddhiAppName: 'Feed',
          streamName: 'S',
          fileName: 'bad.csv',
          delimiter: ',',
          hasHeader: false,
        },
      ]),
    );
    await feeds.control('B', 'run');
    clock.advanceBy(0);
    await vi.waitFor(() => {
      expect(feeds.status('B').state).toBe('failed');
    }, FAST);
    expect(feeds.status('B').error).toBe("Feed.S: line 1, price: 'cheap' is not a number");
  });

  it('refuses what cannot be done', async () => {
    const { feeds } = await setup();
    const random = feed('X', [
      { simulationType: 'RANDOM_DATA_SIMULATION', siddhiAppName: 'Feed', streamName: 'S' },
    ]);
    feeds.create(random);
    expect(codeOf(() => feeds.create(random))).toBe('E_FEED_EXISTS');
    await expect(feeds.control('X', 'pause')).rejects.toMatchObject({ code: 'E_FEED_STATE' });
    await expect(feeds.control('nope', 'run')).rejects.toMatchObject({ code: 'E_FEED_NOT_FOUND' });
    const noApp = feed('Y', [
      { simulationType: 'RANDOM_DATA_SIMULATION', siddhiAppName: 'Gone', streamName: 'S' },
    ]);
    feeds.create(noApp);
    await expect(feeds.control('Y', 'run')).rejects.toMatchObject({ code: 'E_APP_NOT_FOUND' });
    const db = feed('Z', [
      {
        simulationType: 'DATABASE_SIMULATION',
        siddhiAppName: 'Feed',
        streamName: 'S',
        dataSourceName: 'DB',
        tableName: 't',
        columnNamesList: ['a', 'b'],
      },
    ]);
    expect(codeOf(() => feeds.create(db))).toBe('E_DATASOURCE_NOT_FOUND');
    const traversal = feed('W', [
      {
        simulationType: 'CSV_SIMULATION',
        siddhiAppName: 'Feed',
        streamName: 'S',
        fileName: '../etc/passwd',
        delimiter: ',',
        hasHeader: false,
      },
    ]);
    expect(codeOf(() => feeds.create(traversal))).toBe('E_INVALID_FILE_NAME');
    feeds.remove('X');
    expect(feeds.list().map((f) => f.name)).toEqual(['Y']);
  });
});
