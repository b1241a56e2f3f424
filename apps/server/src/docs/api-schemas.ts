// The JSON request bodies of the REST API, each described once: controllers check bodies with
// these schemas and the OpenAPI document shows the same schemas.

import { s, type Infer } from '../validation/schema.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const nameHint = 'must be a plain name (letters, digits, _ and -; not starting with a digit)';

const appName = s.string({ minLength: 1, description: 'the app (its @app:name)' });
const streamName = s.string({ minLength: 1, description: 'a stream of the app' });

const storeQuery = s.object({
  appName,
  query: s.string({
    minLength: 1,
    maxLength: 100_000,
    description: 'an on-demand query, e.g. from StockTable on price > 10 select symbol, price',
  }),
});

const singleEvent = s.object({
  siddhiAppName: appName,
  streamName,
  data: s.array(s.unknown(), {
    maxItems: 1000,
    description: "the event's attribute values, in the stream's order",
  }),
  timestamp: s.optional(
    s.number({ integer: true, min: 0, description: 'event time (ms since epoch); default now' }),
  ),
});

const common = { siddhiAppName: appName, streamName };

const csvSource = s.object({
  simulationType: s.oneOf(['CSV_SIMULATION']),
  ...common,
  fileName: s.string({ minLength: 1, description: 'a file uploaded to /simulation/files' }),
  delimiter: s.withDefault(s.string({ minLength: 1, maxLength: 1 }), ','),
  hasHeader: s.withDefault(s.boolean({ description: 'skip the first line' }), false),
  indices: s.optional(
    s.array(s.number({ integer: true, min: 0 }), {
      description: 'the column of each attribute, in order (default 0, 1, 2, …)',
    }),
  ),
  timestampAttribute: s.optional(
    s.number({ integer: true, min: 0, description: 'the column holding event times (ms)' }),
  ),
});

const primitive = s.object({
  type: s.oneOf(['PRIMITIVE_BASED']),
  min: s.optional(s.number()),
  max: s.optional(s.number()),
  length: s.optional(s.number({ integer: true, min: 1, max: 10_000 })),
  precision: s.optional(s.number({ integer: true, min: 0, max: 10 })),
});

const customList = s.object({
  type: s.oneOf(['CUSTOM_DATA_BASED']),
  list: s.array(s.unknown(), { minItems: 1, description: 'values picked at random' }),
});

const randomSource = s.object({
  simulationType: s.oneOf(['RANDOM_DATA_SIMULATION']),
  ...common,
  seed: s.optional(s.number({ integer: true, description: 'makes the sequence repeatable' })),
  attributeConfiguration: s.optional(
    s.array(s.tagged('type', { PRIMITIVE_BASED: primitive, CUSTOM_DATA_BASED: customList }), {
      description: 'one entry per attribute, in order (default: random values by type)',
    }),
  ),
});

const identifierHint = 'must be a plain SQL name (letters, digits and _)';

const databaseSource = s.object({
  simulationType: s.oneOf(['DATABASE_SIMULATION']),
  ...common,
  dataSourceName: s.string({ minLength: 1, description: 'a datasource of conf/tributary.yaml' }),
  tableName: s.string({ pattern: IDENTIFIER, patternHint: identifierHint }),
  columnNamesList: s.array(s.string({ pattern: IDENTIFIER, patternHint: identifierHint }), {
    minItems: 1,
    description: 'the column of each attribute, in order',
  }),
  timestampAttribute: s.optional(
    s.string({ pattern: IDENTIFIER, patternHint: identifierHint, description: 'ordered by it' }),
  ),
});

const feedSource = s.tagged('simulationType', {
  CSV_SIMULATION: csvSource,
  RANDOM_DATA_SIMULATION: randomSource,
  DATABASE_SIMULATION: databaseSource,
});

const feed = s.object({
  properties: s.object({
    simulationName: s.string({ pattern: NAME, patternHint: nameHint }),
    description: s.optional(s.string()),
    timeInterval: s.withDefault(
      s.number({ integer: true, min: 0, description: 'ms between the events of each source' }),
      1000,
    ),
    noOfEvents: s.optional(
      s.number({ integer: true, min: 1, description: 'stop after this many events in all' }),
    ),
    startTimestamp: s.optional(
      s.number({
        integer: true,
        min: 0,
        description: 'stamp events from this time on, timeInterval apart (default: send time)',
      }),
    ),
  }),
  sources: s.array(feedSource, { minItems: 1, maxItems: 20 }),
});

const statisticsToggle = s.object({
  statsEnable: s.boolean({ description: 'count events per stream and query' }),
});

const replay = s.object({
  ids: s.array(s.number({ integer: true, min: 1 }), { minItems: 1, maxItems: 1000 }),
});

/** Every JSON request body of the API. */
export const apiSchemas = {
  storeQuery,
  singleEvent,
  feed,
  statisticsToggle,
  replay,
};

export type FeedConfig = Infer<typeof feed>;
export type FeedSourceConfig = Infer<typeof feedSource>;
export type CsvSourceConfig = Infer<typeof csvSource>;
export type RandomSourceConfig = Infer<typeof randomSource>;
export type DatabaseSourceConfig = Infer<typeof databaseSource>;
