import { VirtualClock } from '@tributary/engine';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitState } from './circuit-breaker.js';

function breaker(halfOpenCalls = 1): {
  b: CircuitBreaker;
  clock: VirtualClock;
  changes: CircuitState[];
} {
  const clock = new VirtualClock(0);
  const changes: CircuitState[] = [];
  const b = new CircuitBreaker(
    { failureThreshold: 3, resetTimeoutMs: 1000, halfOpenCalls },
    clock,
    (s) => changes.push(s),
  );
  return { b, clock, changes };
}

function fail(b: CircuitBreaker, times: number): void {
  for (let i = 0; i < times; i += 1) {
    expect(b.tryAcquire()).toBe(true);
    b.failed();
  }
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of failures in a row; a success in between starts over', () => {
    const { b, changes } = breaker();
    fail(b, 2);
    expect(b.tryAcquire()).toBe(true);
    b.succeeded();
    fail(b, 2);
    expect(b.state).toBe('closed');
    fail(b, 1);
    expect(b.state).toBe('open');
    expect(b.failures).toBe(3);
    expect(b.tryAcquire()).toBe(false);
    expect(changes).toEqual(['open']);
  });

  it('goes half-open after the reset timeout, lets one trial through and closes on its success', () => {
    const { b, clock, changes } = breaker();
    fail(b, 3);
    clock.advanceBy(999);
    expect([b.state, b.retryInMs, b.tryAcquire()]).toEqual(['open', 1, false]);
    clock.advanceBy(1);
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    // Only one trial at a time.
    expect(b.tryAcquire()).toBe(false);
    b.succeeded();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again when a trial fails, for another reset timeout', () => {
    const { b, clock, changes } = breaker();
    fail(b, 3);
    clock.advanceBy(1000);
    expect(b.tryAcquire()).toBe(true);
    b.failed();
    expect([b.state, b.retryInMs]).toEqual(['open', 1000]);
    clock.advanceBy(1000);
    expect(b.tryAcquire()).toBe(true);
    b.succeeded();
    expect(changes).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  it('needs every trial of a wider half-open window to succeed; released trials free a slot', () => {
    const { b, clock } = breaker(2);
    fail(b, 3);
    clock.advanceBy(1000);
    expect([b.tryAcquire(), b.tryAcquire(), b.tryAcquire()]).toEqual([true, true, false]);
    b.released();
    expect(b.tryAcquire()).toBe(true);
    b.succeeded();
    expect(b.state).toBe('half-open');
    b.succeeded();
    expect(b.state).toBe('closed');
  });

  it('ignores failures of calls that started before it opened', () => {
    const { b, clock } = breaker();
    fail(b, 3);
    b.failed();
    b.failed();
    clock.advanceBy(1000);
    expect(b.state).toBe('half-open');
  });
});
