// The `mi-reply` source: the stream an `mi` sink's `on.reply` names receives MI's replies
// through it, mapped by its @map (json unless given), with the attributes of the event that
// made the call and the reply's headers as `trp:` values.

import { defineSource, type Extension } from '@tributary/engine/extension-api';
import type { ReplyStreams } from './reply-streams.js';

/** Transport properties every reply carries besides the calling event's attributes. */
export const REPLY_STATUS = 'mi.status';
export const REPLY_FLOW = 'mi.flow';

/**
 * The `mi-reply` source of an extension set.
 * @example
 * const source = miReplySource(new ReplyStreams());
 */
export function miReplySource(replies: ReplyStreams): Extension {
  return defineSource({
    name: 'mi-reply',
    status: 'beta',
    summary: "Receives the replies of the `mi` sinks whose on.reply names this source's stream.",
    description:
      'Each reply payload becomes events through the source mapper (`json` when @map is ' +
      'absent). The attributes of the event that made the call are transport properties by ' +
      'name (`trp:orderId`), as are the reply headers (gRPC Event headers, HTTP response ' +
      'headers in lower case), `mi.status` (`OK`, or the HTTP status) and `mi.flow`. The ' +
      'calling event counts as published once the reply was processed here.',
    parameters: {},
    defaultMapper: 'json',
    transportProperties: [
      { name: '<attribute>', description: 'An attribute of the event that made the call.' },
      { name: '<header>', description: 'A header of the reply.' },
      { name: REPLY_STATUS, description: '`OK` (gRPC) or the HTTP status code of the reply.' },
      { name: REPLY_FLOW, description: "The flow that answered (`sequence 'approve'`)." },
    ],
    examples: [
      {
        description:
          'Approval replies of MI, with the order id of the request beside the reply fields.',
        siddhi:
          "@source(type='mi-reply', @map(type='json', @attributes(orderId='trp:orderId', approved='$.approved')))\n" +
          'define stream Approvals (orderId string, approved bool);',
      },
    ],
    create: (ctx) => {
      const names = ctx.requestedTransportProperties;
      let remove: (() => void) | undefined;
      return {
        connect: () => {
          remove ??= replies.add(ctx.appName, ctx.streamId, {
            deliver: (payload, transport) => {
              const requested: Record<string, string | undefined> = {};
              for (const name of names) requested[name] = transport[name];
              return ctx.emit(payload, requested);
            },
          });
          return Promise.resolve();
        },
        disconnect: () => {
          remove?.();
          remove = undefined;
          return Promise.resolve();
        },
      };
    },
  });
}
