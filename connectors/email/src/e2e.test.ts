// End to end: an app deployed through createEngine with the built-ins, the email extensions and
// the text mappers, mailing alerts for expensive quotes to an in-process SMTP server.

import { builtinExtensions, createEngine, createRegistry } from '@tributary/engine';
import { extensions as textMappers } from '@tributary/mapper-text';
import { describe, expect, it } from 'vitest';
import { startSmtpPeer, waitFor } from './email-harness.test-support.js';
import { extensions } from './index.js';

describe('email apps end to end', () => {
  it('Quotes[price > 100] → email alerts', async () => {
    const smtp = await startSmtpPeer({ user: 'alerts', pass: 'secret' });
    const engine = createEngine({
      extensions: createRegistry(
        builtinExtensions,
        { package: '@tributary/connector-email', version: '0.1.0', extensions },
        { package: '@tributary/mapper-text', version: '0.1.0', extensions: textMappers },
      ),
    });
    const created = engine.createApp(`
      @app:name('Alerts')
      define stream Quotes (symbol string, price double, owner string);
      @sink(type='email', username='alerts', address='alerts@example.com', password='secret', host='127.0.0.1',
            port='${String(smtp.port)}', ssl.enable='false', subject='{{symbol}} above 100', to='{{owner}}',
            @map(type='text', @payload('{{symbol}} trades at {{price}}')))
      define stream Alerts (symbol string, price double, owner string);
      from Quotes[price > 100] select * insert into Alerts;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
    const app = created.app;
    try {
      app.start();
      await app.whenConnected();
      app.input('Quotes').sendBatch([
        ['CHEAP', 1.5, 'a@example.com'],
        ['GOOG', 120.5, 'b@example.com'],
      ]);
      await app.idle();
      await waitFor(
        () => smtp.mails.length === 1,
        () => 'no mail',
      );
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]?.headers.subject).toBe('GOOG above 100');
      expect(smtp.mails[0]?.recipients).toEqual(['b@example.com']);
      expect(smtp.mails[0]?.body).toBe('GOOG trades at 120.5');
    } finally {
      await app.shutdown();
      await smtp.close();
    }
  });
});
