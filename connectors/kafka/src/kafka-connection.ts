// The kafkajs client of a source or sink: built from the parsed settings, logging through the
// engine's logger, and its errors sorted into "server unreachable" (the engine reconnects with
// backoff and applies `on.error`) and everything else.

import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import type { IoContext } from '@tributary/engine/extension-api';
import type { ClientSettings } from './kafka-config.js';

type EngineLogger = IoContext<unknown>['logger'];

/** kafkajs errors that mean the cluster (or the part of it needed) cannot be reached now. */
const UNAVAILABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSTimeout',
  'KafkaJSLockTimeout',
]);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 10) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/**
 * True when `error` (or what caused it) says the cluster cannot be reached now: a refused or
 * dropped connection, a timeout, no leader or coordinator yet, or a retriable protocol error.
 * @example
 * isUnavailable(new KafkaJSConnectionError('Connection error')) // true
 */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof ConnectionUnavailableError) return true;
  return causes(error).some((e) => {
    if (typeof e !== 'object' || e === null) return false;
    const { name, retriable, code } = e as { name?: unknown; retriable?: unknown; code?: unknown };
    return (
      (typeof name === 'string' && UNAVAILABLE.has(name)) ||
      retriable === true ||
      code === 'ECONNREFUSED' ||
      code === 'ECONNRESET'
    );
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `error` as the engine wants it: a `ConnectionUnavailableError` when the cluster cannot be
 * reached (retried with backoff / routed by `on.error`), else unchanged.
 * @example
 * throw asConnectionError(error, `Kafka at ${servers}`);
 */
export function asConnectionError(error: unknown, where: string): unknown {
  if (error instanceof ConnectionUnavailableError) return error;
  if (isUnavailable(error)) {
    return new ConnectionUnavailableError(`${where}: ${describe(error)}`, { cause: error });
  }
  return error;
}

/**
 * Routes kafkajs's log lines to the engine's logger: its errors as warnings (the engine decides
 * what a lost connection means and logs that), the rest as debug. An error repeating itself
 * (kafkajs retrying through an outage) is warned about once per client — a connect makes a new
 * one — and logged at debug after that.
 */
function logCreatorFor(logger: EngineLogger, what: string) {
  const warned = new Set<string>();
  return () =>
    ({ level, log }: LogEntry): void => {
      const { message, error } = log as { message: string; error?: unknown };
      const detail =
        typeof error === 'string' ? error : error instanceof Error ? error.message : undefined;
      const text = `${what}: kafkajs: ${message}${detail === undefined ? '' : ` (${detail})`}`;
      if (level === logLevel.ERROR && !warned.has(text)) {
        warned.add(text);
        logger.log('warn', text);
      } else {
        logger.log('debug', text);
      }
    };
}

/**
 * A kafkajs client for one connection. kafkajs logs only warnings and errors (they go to the
 * engine's logger as warnings).
 * @example
 * const kafka = createKafka(config.client, ctx.logger, "source 'kafka' of stream 'S'");
 */
export function createKafka(settings: ClientSettings, logger: EngineLogger, what: string): Kafka {
  return new Kafka({
    brokers: [...settings.brokers],
    clientId: settings.clientId,
    ...(settings.ssl === undefined
      ? {}
      : { ssl: Object.keys(settings.ssl).length === 0 ? true : settings.ssl }),
    ...(settings.sasl === undefined ? {} : { sasl: settings.sasl }),
    connectionTimeout: settings.connectionTimeout,
    requestTimeout: settings.requestTimeout,
    retry: settings.retry,
    logLevel: logLevel.WARN,
    logCreator: logCreatorFor(logger, what),
  });
}
