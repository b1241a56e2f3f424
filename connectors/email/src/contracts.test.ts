// The engine's io contract suites: the email sink against an in-process SMTP server, the email
// source's logic over an in-memory mailbox (email.it.test.ts runs both against GreenMail).

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { extensions as textMappers } from '@tributary/mapper-text';
import { freePort, MemoryMailbox, startSmtpPeer } from './email-harness.test-support.js';
import { emailSink, emailSourceWith } from './index.js';

const batch: Rows = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
];

const mailbox = new MemoryMailbox();
describeSourceContract('email', {
  extensions: [emailSourceWith(() => mailbox), ...textMappers],
  app:
    "@source(type='email', username='u', password='p', polling.interval='1', @map(type='csv'))\n" +
    'define stream S (symbol string, price double);',
  batch,
  deliver: (rows) => {
    for (const [symbol, price] of rows) {
      mailbox.deliver({ subject: 'quote', content: `${String(symbol)},${String(price)}` });
    }
  },
});

const smtpPort = await freePort();
describeSinkContract('email', {
  extensions: [emailSink, ...textMappers],
  app:
    `@sink(type='email', username='u', address='u@example.com', password='p', host='127.0.0.1',
           port='${String(smtpPort)}', ssl.enable='false', subject='quote {{symbol}}', to='ops@example.com',
           @map(type='csv'))\n` + 'define stream S (symbol string, price double);',
  batch,
  collect: async () => {
    const peer = await startSmtpPeer({ port: smtpPort });
    return {
      received: () =>
        peer.mails.map((m) => {
          const [symbol, price] = m.body.trim().split(',');
          return [symbol, Number(price)];
        }),
      close: () => peer.close(),
    };
  },
});
