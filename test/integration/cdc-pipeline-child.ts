// The app process of the CDC kill/restart test: PostgreSQL rows → `cdc` source (listening) →
// a transforming query → `kafka` sink. Configured by environment variables; prints
// `connected` once its source and sink are up, then runs until it is killed.

import {
  builtinExtensions,
  consoleLogger,
  createEngine,
  createRegistry,
  silentLogger,
} from '@tributary/engine';
import { extensions as cdcExtensions } from '../../connectors/cdc/src/index.js';
import { extensions as kafkaExtensions } from '../../connectors/kafka/src/index.js';
import { extensions as jsonExtensions } from '../../mappers/json/src/index.js';
import { extensions as textExtensions } from '../../mappers/text/src/index.js';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

const app = `@app:name('CdcPipeline')
@source(type='cdc', url='${env('CDC_URL')}', username='postgres', password='',
        table.name='${env('CDC_TABLE')}', operation='insert', slot.name='${env('CDC_SLOT')}',
        @map(type='keyvalue'))
define stream Changes (id int, amount double);

@sink(type='kafka', bootstrap.servers='${env('KAFKA_BROKERS')}', topic='${env('KAFKA_TOPIC')}',
      @map(type='json'))
define stream Enriched (id int, amount double, doubled double, large bool);

from Changes
select id, amount, amount * 2 as doubled, amount > 500.0 as large
insert into Enriched;
`;

const engine = createEngine({
  extensions: createRegistry(
    builtinExtensions,
    { package: '@tributary/connector-cdc', version: '0.1.0', extensions: cdcExtensions },
    { package: '@tributary/connector-kafka', version: '0.1.0', extensions: kafkaExtensions },
    { package: '@tributary/mapper-json', version: '0.1.0', extensions: jsonExtensions },
    { package: '@tributary/mapper-text', version: '0.1.0', extensions: textExtensions },
  ),
  logger: process.env.CDC_DEBUG === undefined ? silentLogger : consoleLogger,
  backoff: { delays: [100], jitter: 0 },
});
const created = engine.createApp(app);
if (!created.ok) {
  console.error(created.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  process.exit(2);
}
created.app.start();
created.app.whenConnected().then(
  () => {
    console.log('connected');
  },
  (error: unknown) => {
    console.error(String(error));
    process.exit(3);
  },
);
