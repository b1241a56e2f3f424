import { describe, expect, it } from 'vitest';
import { kafkaConfiguration } from './kafka-config.js';
import { createKafka } from './kafka-connection.js';

describe('createKafka', () => {
  it('warns about a repeated kafkajs error once per client, then logs it at debug', () => {
    const lines: string[] = [];
    const logger = {
      log: (level: string, message: string) => {
        lines.push(`${level} ${message}`);
      },
    };
    const { client } = kafkaConfiguration('localhost:9092', undefined);
    const first = createKafka(client, logger, 'sink x');
    for (let i = 0; i < 3; i += 1) first.logger().error('Connection error', { error: 'refused' });
    first.logger().error('Crash', { error: 'other' });
    // A new client (a reconnect) warns again.
    createKafka(client, logger, 'sink x').logger().error('Connection error', { error: 'refused' });
    expect(lines).toEqual([
      'warn sink x: kafkajs: Connection error (refused)',
      'debug sink x: kafkajs: Connection error (refused)',
      'debug sink x: kafkajs: Connection error (refused)',
      'warn sink x: kafkajs: Crash (other)',
      'warn sink x: kafkajs: Connection error (refused)',
    ]);
  });
});
