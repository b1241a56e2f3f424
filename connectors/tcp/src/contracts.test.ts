// The engine's io contract suites for the tcp source and sink over loopback, in Siddhi's binary
// event format (the default mapping).

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { decodeEvents, encodeEvents, extensions as binaryMappers } from '@tributary/mapper-binary';
import { freePort, sendFrames, startPeerServer } from './tcp-harness.test-support.js';
import { extensions as tcpExtensions } from './index.js';

const extensions = [...tcpExtensions, ...binaryMappers];
const batch: Rows = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
];

const sourcePort = await freePort();
describeSourceContract('tcp', {
  extensions,
  app:
    `@app:name('Contract') @source(type='tcp', host='127.0.0.1', port='${String(sourcePort)}')\n` +
    'define stream S (symbol string, price double);',
  batch,
  deliver: (rows) =>
    sendFrames(sourcePort, [
      {
        channelId: 'Contract/S',
        data: encodeEvents(
          rows.map((data) => ({ timestamp: 1, data })),
          ['string', 'double'],
        ),
      },
    ]),
});

const sinkPort = await freePort();
describeSinkContract('tcp', {
  extensions,
  app:
    `@sink(type='tcp', url='tcp://127.0.0.1:${String(sinkPort)}/in', sync='true')\n` +
    'define stream S (symbol string, price double);',
  batch,
  collect: async () => {
    const peer = await startPeerServer(sinkPort);
    return {
      received: () =>
        peer.frames.flatMap((f) => decodeEvents(f.data, ['string', 'double']).map((e) => e.data)),
      close: () => peer.close(),
    };
  },
});
