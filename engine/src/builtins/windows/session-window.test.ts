// Unit tests for `session`: whole-session expiry at last ts + gap, per-key sessions, late events
// (Siddhi's insertion points), dropped events and the allowed latency.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine.js';
import { silentLogger } from '../../runtime/app/logger.js';
import type { StreamEvent } from '../../runtime/event/event.js';
import { InMemoryPersistenceStore } from '../../runtime/state/persistence-store.js';
import { VirtualClock } from '../../runtime/time/index.js';
import {
  attributeArgument,
  constantArgument,
  windowHarness,
  type WindowHarness,
} from '../../runtime/window/window-harness.js';
import { sessionWindow } from './session-window.js';

const attributes = [
  { name: 'user', type: 'string' as const },
  { name: 'n', type: 'int' as const },
];

function at(h: WindowHarness, timestamp: number, ...data: unknown[]): void {
  const event: StreamEvent = { timestamp, type: 'current', data };
  h.window.process([event]);
}

describe('session window', () => {
  it('passes events and expires the whole session, in one chunk, at last ts + gap', () => {
    const h = windowHarness(sessionWindow, [constantArgument(100, 'long')], { attributes });
    h.send(['u', 1]);
    h.sleep(60);
    h.send(['u', 2]);
    h.sleep(60);
    expect(h.take()).toEqual([[['current', 'u', 1]], [['current', 'u', 2]]]);
    h.sleep(40);
    expect(h.take()).toEqual([
      [
        ['expired', 'u', 1],
        ['expired', 'u', 2],
      ],
    ]);
    expect(h.window.contents()).toEqual([]);
  });

  it('keeps one session per key', () => {
    const h = windowHarness(
      sessionWindow,
      [constantArgument(100, 'long'), attributeArgument('user', 0, 'string')],
      {
        attributes,
      },
    );
    h.send(['a', 1]);
    h.sleep(50);
    h.send(['b', 2]);
    h.take();
    h.sleep(50);
    expect(h.take()).toEqual([[['expired', 'a', 1]]]);
    h.sleep(50);
    expect(h.take()).toEqual([[['expired', 'b', 2]]]);
  });

  it('inserts late events where Siddhi does and drops those older than start - gap', () => {
    const h = windowHarness(sessionWindow, [constantArgument(100, 'long')], {
      attributes,
      start: 1000,
    });
    at(h, 1000, 'u', 1);
    at(h, 1050, 'u', 2);
    at(h, 950, 'u', 0); // before the first event
    at(h, 920, 'u', 9); // after the cursor Siddhi's chunk left on the first event
    at(h, 800, 'u', 8); // older than start (920) - gap: dropped
    expect(h.take().map((c) => c.map((e) => e[2]))).toEqual([[1], [2], [0], [9]]);
    h.sleep(150);
    expect(h.take()).toEqual([
      [
        ['expired', 'u', 0],
        ['expired', 'u', 1],
        ['expired', 'u', 9],
        ['expired', 'u', 2],
      ],
    ]);
  });

  it('holds a closed session until end + latency and merges late events into it', () => {
    const h = windowHarness(
      sessionWindow,
      [
        constantArgument(100, 'long'),
        attributeArgument('user', 0, 'string'),
        constantArgument(50, 'long'),
      ],
      { attributes, start: 1000 },
    );
    h.send(['a', 1]);
    h.sleep(100); // session [1000, 1100] closes, alive until 1150
    h.sleep(20);
    h.send(['a', 2]); // a new session at 1120
    h.sleep(10);
    at(h, 1060, 'a', 3); // late: joins the new session, which then merges the closed one
    h.sleep(90); // 1220: the merged session closes
    expect(
      h
        .take()
        .flat()
        .filter((e) => e[0] === 'expired'),
    ).toEqual([]);
    h.sleep(50); // 1270: it expires
    expect(h.take()).toEqual([
      [
        ['expired', 'a', 3],
        ['expired', 'a', 1],
        ['expired', 'a', 2],
      ],
    ]);
  });

  it('rejects a latency greater than the gap', () => {
    expect(() =>
      windowHarness(
        sessionWindow,
        [
          constantArgument(10, 'long'),
          attributeArgument('user', 0, 'string'),
          constantArgument(50, 'long'),
        ],
        { attributes },
      ),
    ).toThrow(/latency/);
  });

  it('still expires a session after the app restores a snapshot in place', async () => {
    // A restore cancels the window's pending timers; the restored sessions must arm their own
    // again, even when a timer for the same instant had been armed before the snapshot.
    const clock = new VirtualClock(0);
    const created = createEngine({
      timeService: clock,
      logger: silentLogger,
      persistence: { store: new InMemoryPersistenceStore() },
    }).createApp(
      "@app:name('sessions') define stream S (user string, n int); " +
        "@info(name='q') from S#window.session(2 sec, user) select user, n insert all events into O;",
    );
    if (!created.ok) throw new Error('the app did not compile');
    const app = created.app;
    const expired: unknown[][] = [];
    app.on('q', (_in, removed) => {
      for (const e of removed) expired.push(e.data);
    });
    app.start();
    app.input('S').send(['u', 1]);
    clock.advanceBy(100);
    app.input('S').send(['u', 2]);
    await app.persist();
    await app.restoreLastRevision();
    app.input('S').send(['u', 3]);
    clock.advanceBy(2000);
    expect(expired).toEqual([
      ['u', 1],
      ['u', 2],
      ['u', 3],
    ]);
    await app.shutdown();
  });
});
