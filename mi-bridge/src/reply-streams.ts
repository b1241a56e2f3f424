// Where `mi` sinks deliver replies: the `mi-reply` sources of an extension set, by app and the
// stream they feed (the sink's `on.reply`). Sources add themselves while connected; sinks look
// them up per reply, so connection order does not matter.

import type { TransportProperties } from '@tributary/engine/extension-api';

/** A connected `mi-reply` source. */
export interface ReplyEndpoint {
  /** Maps and sends one reply; resolves once its events were processed. */
  deliver(payload: string, transport: TransportProperties): Promise<void>;
}

/**
 * The reply sources of one extension set.
 * @example
 * const replies = new ReplyStreams();
 * const remove = replies.add('Shop', 'Approvals', endpoint);
 * replies.find('Shop', 'Approvals'); // endpoint
 */
export class ReplyStreams {
  readonly #entries = new Map<string, ReplyEndpoint>();

  #key(appName: string, streamId: string): string {
    return `${appName}\u0000${streamId}`;
  }

  /** Adds a stream's source; throws when the stream has one already. */
  add(appName: string, streamId: string, endpoint: ReplyEndpoint): () => void {
    const key = this.#key(appName, streamId);
    if (this.#entries.has(key)) {
      throw new Error(
        `stream '${streamId}' of app '${appName}' has more than one @source(type='mi-reply')`,
      );
    }
    this.#entries.set(key, endpoint);
    return () => {
      if (this.#entries.get(key) === endpoint) this.#entries.delete(key);
    };
  }

  find(appName: string, streamId: string): ReplyEndpoint | undefined {
    return this.#entries.get(this.#key(appName, streamId));
  }
}
