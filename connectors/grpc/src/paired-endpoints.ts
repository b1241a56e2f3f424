// In-process pairing of the extensions of one app: `grpc-call` sinks find their
// `grpc-call-response` source by `sink.id`, `grpc-service-response` sinks their `grpc-service`
// source by `source.id`. Sources add themselves while connected; sinks look them up per
// message, so it does not matter which side connects first.

/**
 * Endpoints by app name and id; Siddhi pairs them 1:1, so an id holds one endpoint.
 * @example
 * const endpoints = new PairedEndpoints<Responder>('sink.id', 'grpc-call-response');
 * const remove = endpoints.add('App', '1', responder);
 * endpoints.find('App', '1'); // responder
 * remove();
 */
export class PairedEndpoints<T> {
  readonly #entries = new Map<string, T>();

  constructor(
    /** The option naming the id (`sink.id`), for messages. */
    readonly idName: string,
    /** The kind of source that registers (`grpc-call-response`), for messages. */
    readonly sourceKind: string,
  ) {}

  #key(appName: string, id: string): string {
    return `${appName}\u0000${id}`;
  }

  /** Adds the endpoint of an id; throws when the app already has one for it. */
  add(appName: string, id: string, entry: T): () => void {
    const key = this.#key(appName, id);
    if (this.#entries.has(key)) {
      throw new Error(
        `app '${appName}' already has a '${this.sourceKind}' source with ${this.idName} '${id}'`,
      );
    }
    this.#entries.set(key, entry);
    return () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
  }

  /** The endpoint of an id, undefined when none is connected. */
  find(appName: string, id: string): T | undefined {
    return this.#entries.get(this.#key(appName, id));
  }
}
