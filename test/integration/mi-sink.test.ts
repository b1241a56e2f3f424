// The `mi` sink against the MI test peer: call and fire over gRPC and HTTP, reply correlation
// under 1,000 calls in flight, timeouts and retries on a virtual clock, the circuit breaker
// (open, half-open, closed), rejections and deployment checks reported clearly.

import { extensions as grpcList } from '@tributary/connector-grpc';
import { describeSinkContract, startIoApp, type IoAppRun } from '@tributary/engine/testing';
import { extensions as jsonList } from '@tributary/mapper-json';
import { extensions as textList } from '@tributary/mapper-text';
import { miExtensions } from '@tributary/mi-bridge';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startMiPeer,
  type Mediator,
  type MiPeer,
  type MiPeerOptions,
} from '../support/mi-peer/index.js';

const runs: IoAppRun[] = [];
const peers: MiPeer[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) await run.app.shutdown();
  for (const peer of peers.splice(0)) await peer.close();
});

async function peer(options: MiPeerOptions): Promise<MiPeer> {
  const started = await startMiPeer(options);
  peers.push(started);
  return started;
}

function app(text: string, start = true): IoAppRun {
  const run = startIoApp(text, {
    extensions: [...miExtensions({ stopGraceMs: 50 }), ...grpcList, ...jsonList, ...textList],
    backoff: { delays: [1000], jitter: 0 },
    start,
  });
  runs.push(run);
  return run;
}

async function until(ready: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets pending I/O callbacks and promise chains run (no virtual time passes). */
async function settle(ms = 30): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the app's next timer is due at `at` (a retry delay, a timeout) on its virtual clock. */
async function untilTimerAt(run: IoAppRun, at: number): Promise<void> {
  await until(
    () => run.clock.nextTimerTime() === at,
    () => `a timer at ${String(at)} (next ${String(run.clock.nextTimerTime())})`,
  );
}

/** Moves the virtual clock timer by timer (each given time to act) until the sink has reconnected. */
async function reconnect(run: IoAppRun): Promise<void> {
  const state = { connected: false };
  void run.app.whenConnected().then(() => {
    state.connected = true;
  });
  for (let step = 0; step < 50 && !state.connected; step += 1) {
    const next = run.clock.nextTimerTime();
    if (next !== undefined) run.clock.advanceTo(next);
    await settle(20);
  }
  expect(state.connected).toBe(true);
}

/** A sequence answering `{"approved": amount < 1000, "ref": orderId}` for `{"event":{…}}`. */
const approve: Mediator[] = [
  {
    kind: 'script',
    run: (m) => {
      const { event } = JSON.parse(m.payload) as { event: { orderId: string; amount: number } };
      return {
        ...m,
        payload: JSON.stringify({ approved: event.amount < 1000, ref: event.orderId }),
      };
    },
  },
  { kind: 'respond' },
];

const ORDERS = `define stream Orders (orderId string, amount double);`;
const APPROVALS = `@source(type='mi-reply', @map(type='json', @attributes(orderId='trp:orderId', approved='$.approved', ref='$.ref', status='trp:mi.status')))
  define stream Approvals (orderId string, approved bool, ref string, status string);`;
const FAILURES = `from !Orders select orderId, convert(_error, 'string') as error insert into Failures;`;

function failuresOf(run: IoAppRun): unknown[][] {
  return run.collect('Failures');
}

/** The engine's sink contract for the `mi` sink, over gRPC (call mode) and HTTP (fire). */
function contract(name: string, target: (peer: MiPeer) => string): void {
  let contractPeer: MiPeer | undefined;
  const running = (): MiPeer => {
    if (contractPeer === undefined) throw new Error('the MI peer is not running');
    return contractPeer;
  };
  describeSinkContract(name, {
    extensions: [...miExtensions(), ...jsonList],
    get app() {
      return `@sink(type='mi', ${target(running())}, @map(type='json'))
              define stream S (symbol string, price double);`;
    },
    batch: [
      ['IBM', 75.5],
      ['WSO2', 57.25],
    ],
    collect: async () => {
      contractPeer = await startMiPeer({
        sequences: { quotes: [{ kind: 'respond' }] },
        apis: [
          {
            name: 'Quotes',
            context: '/quotes',
            resources: [{ methods: ['POST'], path: '/', inSequence: [] }],
          },
        ],
      });
      const mi = contractPeer;
      return {
        received: () =>
          mi.received.flatMap((r) => {
            const parsed = JSON.parse(r.message.payload) as
              | { event: { symbol: string; price: number } }
              | { event: { symbol: string; price: number } }[];
            return (Array.isArray(parsed) ? parsed : [parsed]).map((q) => [
              q.event.symbol,
              q.event.price,
            ]);
          }),
        close: () => mi.close(),
      };
    },
  });
}

contract('mi (gRPC sequence, call)', (mi) => `url='${mi.grpcUrl}', sequence='quotes'`);
contract('mi (HTTP API, fire)', (mi) => `url='${mi.httpUrl}', api='/quotes', mode='fire'`);

describe('mi sink: call and fire', () => {
  it('calls a sequence over gRPC and correlates the reply with the calling event', async () => {
    const mi = await peer({ sequences: { approveOrder: approve } });
    const run = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='approveOrder', on.reply='Approvals', @map(type='json'))
       ${ORDERS}
       ${APPROVALS}`,
    );
    const rows = run.collect('Approvals');
    await run.app.whenConnected();
    run.app.input('Orders').send(['o-1', 250]);
    run.app.input('Orders').send(['o-2', 5000]);
    await until(
      () => rows.length === 2,
      () => JSON.stringify(rows),
    );
    expect(rows.sort()).toEqual([
      ['o-1', true, 'o-1', 'OK'],
      ['o-2', false, 'o-2', 'OK'],
    ]);
    expect(mi.received.map((r) => [r.via, r.flow, r.message.type])).toEqual([
      ['grpc-process', 'approveOrder', 'json'],
      ['grpc-process', 'approveOrder', 'json'],
    ]);
    expect(mi.received[0]?.message.headers).toEqual({
      'Content-Type': 'json',
      sequence: 'approveOrder',
    });
  });

  it('fires a sequence one-way (consume) with headers taken from the event', async () => {
    const mi = await peer({ sequences: { audit: [{ kind: 'log', level: 'full' }] } });
    const run = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='audit', mode='fire', headers="'tenant:{{tenant}}'", @map(type='json'))
       define stream Audit (tenant string, action string);`,
    );
    await run.app.whenConnected();
    run.app.input('Audit').send(['acme', 'login']);
    await until(
      () => mi.logs.length === 1,
      () => mi.logs.join('\n'),
    );
    expect(mi.received[0]?.via).toBe('grpc-consume');
    expect(mi.received[0]?.message.headers).toEqual({
      tenant: 'acme',
      'Content-Type': 'json',
      sequence: 'audit',
    });
    expect(mi.logs[0]).toContain('Payload: {"event":{"tenant":"acme","action":"login"}}');
  });

  it('calls a REST API resource and fires at a proxy service over HTTP', async () => {
    const mi = await peer({
      sequences: { audit: [{ kind: 'log', level: 'simple' }] },
      apis: [
        {
          name: 'OrdersAPI',
          context: '/orders',
          resources: [{ methods: ['POST'], path: '/approve', inSequence: approve }],
        },
      ],
      proxies: [{ name: 'AuditProxy', inSequence: 'audit' }],
    });
    const run = app(
      `@sink(type='mi', url='${mi.httpUrl}', api='/orders/approve', on.reply='Approvals', @map(type='json'))
       @sink(type='mi', url='${mi.httpUrl}', proxy='AuditProxy', mode='fire', @map(type='json'))
       ${ORDERS}
       ${APPROVALS}`,
    );
    const rows = run.collect('Approvals');
    await run.app.whenConnected();
    run.app.input('Orders').send(['o-9', 10]);
    await until(
      () => rows.length === 1 && mi.received.length === 2,
      () => JSON.stringify(rows),
    );
    expect(rows).toEqual([['o-9', true, 'o-9', '200']]);
    expect(mi.received.map((r) => r.flow).sort()).toEqual(['api:OrdersAPI', 'proxy:AuditProxy']);
  });

  it('matches every reply with its event with 1,000 calls in flight at once', async () => {
    const total = 1000;
    let arrived = 0;
    let maxInFlight = 0;
    const gates: (() => void)[] = [];
    const mi = await peer({
      sequences: {
        approveOrder: [
          {
            kind: 'script',
            // Holds every call until all 1,000 are in flight, then answers in reverse order.
            run: async (m) => {
              arrived += 1;
              maxInFlight = Math.max(maxInFlight, arrived);
              await new Promise<void>((resolve) => {
                gates.push(resolve);
                if (gates.length === total) for (const open of gates.reverse()) open();
              });
              return m;
            },
          },
          ...approve,
        ],
      },
    });
    const run = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='approveOrder', on.reply='Approvals', @map(type='json'))
       ${ORDERS}
       ${APPROVALS}`,
    );
    const rows = run.collect('Approvals');
    await run.app.whenConnected();
    for (let i = 0; i < total; i += 1) run.app.input('Orders').send([`o-${String(i)}`, i * 2]);
    await until(
      () => rows.length === total,
      () => `${String(rows.length)} replies, ${String(arrived)} arrived`,
      30_000,
    );
    expect(maxInFlight).toBe(total);
    // The calling event's id (trp:) and the id MI echoed in the reply agree, for every reply.
    expect(rows.filter((r) => r[0] !== r[2])).toEqual([]);
    expect(new Set(rows.map((r) => r[0])).size).toBe(total);
    expect(rows.filter((r) => r[1] !== Number(String(r[0]).slice(2)) * 2 < 1000)).toEqual([]);
  }, 60_000);
});

describe('mi sink: timeouts, retries and the circuit breaker', () => {
  it('times out calls MI never answers, retries after the backoff, then routes the failure by on.error', async () => {
    // No <respond/>: MI never answers `process`.
    const mi = await peer({ sequences: { slow: [{ kind: 'log', level: 'simple' }] } });
    const run = app(
      `@OnError(action='STREAM')
       @sink(type='mi', url='${mi.grpcUrl}', sequence='slow', timeout='1 sec', retry.max='1', retry.backoff='200 ms',
             on.error='STREAM', @map(type='json'))
       ${ORDERS}
       ${FAILURES}`,
    );
    const failures = failuresOf(run);
    await run.app.whenConnected();
    run.app.input('Orders').send(['o-1', 1]);
    await until(
      () => mi.calls() === 1,
      () => 'the first attempt',
    );
    await untilTimerAt(run, 1000);
    run.clock.advanceBy(999);
    await settle();
    expect(failures).toEqual([]);
    run.clock.advanceBy(1);
    // Timed out at 1000: the retry waits 200 ms.
    await untilTimerAt(run, 1200);
    run.clock.advanceBy(199);
    await settle();
    expect(mi.calls()).toBe(1);
    run.clock.advanceBy(1);
    await until(
      () => mi.calls() === 2,
      () => 'the retry',
    );
    await untilTimerAt(run, 2200);
    run.clock.advanceBy(1000);
    await until(
      () => failures.length === 1,
      () => 'the failure',
    );
    expect(failures[0]?.[0]).toBe('o-1');
    expect(String(failures[0]?.[1])).toContain(
      `calling sequence 'slow' at ${mi.grpcUrl} failed after 2 attempts: no reply within 1000 ms`,
    );
  });

  it('retries calls MI could not answer with a doubling backoff and delivers the reply', async () => {
    const mi = await peer({ sequences: { approveOrder: approve } });
    const run = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='approveOrder', on.reply='Approvals', retry.max='3',
             retry.backoff='100 ms', @map(type='json'))
       ${ORDERS}
       ${APPROVALS}`,
    );
    const rows = run.collect('Approvals');
    await run.app.whenConnected();
    mi.failNext(2, 'unavailable');
    run.app.input('Orders').send(['o-1', 1]);
    await until(
      () => mi.calls() === 1,
      () => 'the first attempt',
    );
    await untilTimerAt(run, 100);
    run.clock.advanceBy(100);
    await until(
      () => mi.calls() === 2,
      () => 'the first retry',
    );
    // The second retry waits twice as long.
    await untilTimerAt(run, 300);
    run.clock.advanceBy(199);
    await settle();
    expect(mi.calls()).toBe(2);
    run.clock.advanceBy(1);
    await until(
      () => rows.length === 1,
      () => 'the reply',
    );
    expect(rows).toEqual([['o-1', true, 'o-1', 'OK']]);
    expect(mi.calls()).toBe(3);
  });

  it('opens the circuit after repeated failures, fails fast, and closes after a successful trial', async () => {
    const mi = await peer({ sequences: { approveOrder: approve } });
    const run = app(
      `@OnError(action='STREAM')
       @sink(type='mi', url='${mi.grpcUrl}', sequence='approveOrder', on.reply='Approvals', retry.max='0',
             circuit.failure.threshold='2', circuit.reset.timeout='5 sec', on.error='STREAM', @map(type='json'))
       ${ORDERS}
       ${APPROVALS}
       ${FAILURES}`,
    );
    const rows = run.collect('Approvals');
    const failures = failuresOf(run);
    await run.app.whenConnected();
    mi.failNext(1000, 'unavailable');
    const send = async (id: string, failed: number): Promise<void> => {
      run.app.input('Orders').send([id, 1]);
      await until(
        () => failures.length === failed,
        () => JSON.stringify(failures),
      );
    };
    await send('o-1', 1);
    expect(String(failures[0]?.[1])).toContain('failed after 1 attempt: UNAVAILABLE');
    await send('o-2', 2);
    expect(String(failures[1]?.[1])).toContain('circuit open after 2 failed calls');
    expect(run.messages('warn').some((m) => m.includes('opened after 2 failed calls'))).toBe(true);
    // Open: MI is not called, the event fails at once.
    await send('o-3', 3);
    expect(mi.calls()).toBe(2);

    // The reset timeout passes: the sink reconnects, the next event is the (failing) trial.
    const openedAt = run.clock.now();
    await reconnect(run);
    expect(run.clock.now() - openedAt).toBeGreaterThanOrEqual(5000);
    await send('o-4', 4);
    expect(mi.calls()).toBe(3);
    expect(run.messages('info').filter((m) => m.includes('is half-open'))).toHaveLength(1);
    expect(run.messages('warn').filter((m) => m.includes('opened'))).toHaveLength(2);

    // Open again; MI recovers; after the reset timeout the trial succeeds and closes it.
    mi.failNext(0);
    const reopenedAt = run.clock.now();
    await reconnect(run);
    expect(run.clock.now() - reopenedAt).toBeGreaterThanOrEqual(5000);
    run.app.input('Orders').send(['o-5', 1]);
    await until(
      () => rows.length === 1,
      () => 'the reply of the trial',
    );
    run.app.input('Orders').send(['o-6', 1]);
    await until(
      () => rows.length === 2,
      () => 'a reply with the circuit closed',
    );
    expect(rows.map((r) => r[0])).toEqual(['o-5', 'o-6']);
    expect(run.messages('info').some((m) => m.endsWith('is closed'))).toBe(true);
  });

  it('leaves the app shutdown quick while MI holds a call', async () => {
    const mi = await peer({ sequences: { slow: [] } });
    const run = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='slow', timeout='1 min', @map(type='json'))
       ${ORDERS}`,
    );
    await run.app.whenConnected();
    run.app.input('Orders').send(['o-1', 1]);
    await until(
      () => mi.calls() === 1,
      () => 'the call',
    );
    const started = Date.now();
    await run.app.shutdown();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('mi sink: problems reported clearly', () => {
  it('does not retry a call MI rejects (unknown sequence) and says why', async () => {
    const mi = await peer({ sequences: { approveOrder: approve } });
    const run = app(
      `@OnError(action='STREAM')
       @sink(type='mi', url='${mi.grpcUrl}', sequence='nope', retry.max='3', on.error='STREAM', @map(type='json'))
       ${ORDERS}
       ${FAILURES}`,
    );
    const failures = failuresOf(run);
    await run.app.whenConnected();
    run.app.input('Orders').send(['o-1', 1]);
    await until(
      () => failures.length === 1,
      () => 'the failure',
    );
    expect(String(failures[0]?.[1])).toContain(
      `MI at ${mi.grpcUrl} rejected the call to sequence 'nope': NOT_FOUND: Sequence: nope not found`,
    );
    expect(mi.calls()).toBe(1);
  });

  it("reports MI's missing Content-Type error (grpc-call without the header) and refuses a mapper MI cannot build", async () => {
    const mi = await peer({ sequences: { inSeq: [{ kind: 'respond' }] } });
    const run = app(
      `@OnError(action='STREAM')
       @sink(type='grpc-call', sink.id='1', on.error='STREAM',
             publisher.url='${mi.grpcUrl}/org.wso2.grpc.EventService/process/inSeq', @map(type='json'))
       ${ORDERS}
       @source(type='grpc-call-response', sink.id='1', @map(type='json'))
       define stream Replies (orderId string, amount double);
       ${FAILURES}`,
    );
    const failures = failuresOf(run);
    await run.app.whenConnected();
    run.app.input('Orders').send(['o-1', 1]);
    await until(
      () => failures.length === 1,
      () => 'the failure',
    );
    expect(String(failures[0]?.[1])).toContain(
      'answered UNKNOWN: Invalid content type found in gRPC header. JSON, XML and text is supported',
    );

    expect(() =>
      app(
        `@sink(type='mi', url='${mi.grpcUrl}', sequence='inSeq', @map(type='csv')) ${ORDERS}`,
        false,
      ),
    ).toThrow(
      "MI's gRPC inbound endpoint builds json, xml or text messages, but the mapper makes 'text/csv'",
    );
    const csv = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='inSeq', mode='fire', content.type='text', @map(type='csv')) ${ORDERS}`,
    );
    await csv.app.whenConnected();
    csv.app.input('Orders').send(['o-2', 2.5]);
    await until(
      () => mi.received.length === 1,
      () => 'the csv message',
    );
    expect(mi.received[0]?.message.type).toBe('text');
    expect(mi.received[0]?.message.payload.trim()).toBe('o-2,2.5');
  });

  it('fails the deployment of an app naming a flow MI does not have, listing what it has', async () => {
    const mi = await peer({
      sequences: { approveOrder: approve, audit: [] },
      apis: [
        {
          name: 'OrdersAPI',
          context: '/orders',
          resources: [{ methods: ['POST'], path: '/approve', inSequence: approve }],
        },
      ],
    });
    const missing = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='aprove', management.url='${mi.managementUrl}', @map(type='json'))
       ${ORDERS}`,
    );
    await expect(missing.app.whenConnected()).rejects.toThrow(
      `sequence 'aprove' is not deployed in the Micro Integrator at ${mi.managementUrl}/management (deployed: approveOrder, audit)`,
    );
    const wrongResource = app(
      `@sink(type='mi', url='${mi.httpUrl}', api='/orders/reject', management.url='${mi.managementUrl}', @map(type='json'))
       ${ORDERS}`,
    );
    await expect(wrongResource.app.whenConnected()).rejects.toThrow(
      "API path '/orders/reject' is not deployed in the Micro Integrator",
    );
    const badLogin = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='audit', management.url='${mi.managementUrl}',
             management.password='wrong', @map(type='json'))
       ${ORDERS}`,
    );
    await expect(badLogin.app.whenConnected()).rejects.toThrow('refused the login (HTTP 401)');
    const present = app(
      `@sink(type='mi', url='${mi.grpcUrl}', sequence='approveOrder', management.url='${mi.managementUrl}', @map(type='json'))
       ${ORDERS}`,
    );
    await present.app.whenConnected();
  });

  it('names the missing mi-reply source of on.reply, and refuses on.reply with fire', async () => {
    const mi = await peer({ sequences: { approveOrder: approve } });
    const run = app(
      `@OnError(action='STREAM')
       @sink(type='mi', url='${mi.grpcUrl}', sequence='approveOrder', on.reply='Approvals', on.error='STREAM', @map(type='json'))
       ${ORDERS}
       define stream Approvals (approved bool);
       ${FAILURES}`,
    );
    const failures = failuresOf(run);
    await run.app.whenConnected();
    run.app.input('Orders').send(['o-1', 1]);
    await until(
      () => failures.length === 1,
      () => 'the failure',
    );
    expect(String(failures[0]?.[1])).toContain(
      "on.reply stream 'Approvals' has no @source(type='mi-reply') connected",
    );
    expect(() =>
      app(
        `@sink(type='mi', url='${mi.grpcUrl}', sequence='approveOrder', mode='fire', on.reply='Approvals', @map(type='json'))
         ${ORDERS}`,
        false,
      ),
    ).toThrow("on.reply needs mode='call'");
  });

  it('retries HTTP 503 and rejects HTTP 404 without retrying', async () => {
    const mi = await peer({
      apis: [
        {
          name: 'OrdersAPI',
          context: '/orders',
          resources: [{ methods: ['POST'], path: '/approve', inSequence: approve }],
        },
      ],
    });
    const run = app(
      `@OnError(action='STREAM')
       @sink(type='mi', url='${mi.httpUrl}', api='/orders/approve', on.reply='Approvals', retry.backoff='10 ms',
             on.error='STREAM', @map(type='json'))
       ${ORDERS}
       ${APPROVALS}
       ${FAILURES}`,
    );
    const rows = run.collect('Approvals');
    const failures = failuresOf(run);
    await run.app.whenConnected();
    mi.failNext(1, 'unavailable');
    run.app.input('Orders').send(['o-1', 1]);
    await until(
      () => mi.calls() === 1,
      () => 'the first attempt',
    );
    await untilTimerAt(run, 10);
    run.clock.advanceBy(10);
    await until(
      () => rows.length === 1,
      () => 'the reply after a retry',
    );
    expect(mi.calls()).toBe(2);

    const reject = app(
      `@OnError(action='STREAM')
       @sink(type='mi', url='${mi.httpUrl}', api='/orders/cancel', on.error='STREAM', @map(type='json'))
       ${ORDERS}
       ${FAILURES}`,
    );
    const rejected = failuresOf(reject);
    await reject.app.whenConnected();
    reject.app.input('Orders').send(['o-2', 1]);
    await until(
      () => rejected.length === 1,
      () => 'the rejection',
    );
    expect(String(rejected[0]?.[1])).toContain(
      `MI at ${mi.httpUrl}/orders/cancel rejected the call to API path '/orders/cancel': HTTP 404`,
    );
    expect(mi.calls()).toBe(3);
    expect(failures).toEqual([]);
  });
});
