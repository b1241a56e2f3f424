// In-process correlation between paired extensions of one app: `http-call` sinks find their
// `http-call-response` sources by `sink.id`, `http-service-response` sinks find their
// `http-service` source by `source.id`. Entries come and go as the sources (dis)connect, and
// are looked up per message, so it does not matter which side connects first.

/**
 * Entries keyed by app name and id; an id may hold several entries (response sources split
 * by status code) or, with `unique`, one.
 * @example
 * const registry = new CorrelationRegistry<Endpoint>('sink.id');
 * const remove = registry.add('App', 'employee-info', endpoint);
 * registry.find('App', 'employee-info'); // [endpoint]
 * remove();
 */
export class CorrelationRegistry<T> {
  readonly #entries = new Map<string, T[]>();

  constructor(
    /** The option naming the id, for messages (`sink.id`, `source.id`). */
    private readonly idName: string,
    private readonly unique = false,
  ) {}

  #key(appName: string, id: string): string {
    return `${appName}\u0000${id}`;
  }

  /** Adds an entry; returns its removal. Throws for a second entry of a unique id. */
  add(appName: string, id: string, entry: T): () => void {
    const key = this.#key(appName, id);
    const list = this.#entries.get(key) ?? [];
    if (this.unique && list.length > 0) {
      throw new Error(`app '${appName}' already has a source with ${this.idName} '${id}'`);
    }
    list.push(entry);
    this.#entries.set(key, list);
    return () => {
      const current = this.#entries.get(key);
      if (current === undefined) return;
      const i = current.indexOf(entry);
      if (i >= 0) current.splice(i, 1);
      if (current.length === 0) this.#entries.delete(key);
    };
  }

  /** The entries of an id (empty when none is connected). */
  find(appName: string, id: string): readonly T[] {
    return this.#entries.get(this.#key(appName, id)) ?? [];
  }
}
