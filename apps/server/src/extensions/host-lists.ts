// Extension lists the server makes itself from plugin packages that take host settings: the
// http connector's sources check `basic.auth.enabled='true'` requests against the server's
// configured users (`httpExtensions({ authenticate })`), as Siddhi's check SI's user store.

import type { LoadPluginsOptions } from '@tributary/cli';

/** Checks a user name and password (the server's `Authenticator.verifyUser`). */
export type UserCheck = (username: string, password: string) => Promise<boolean>;

/** The settings `httpExtensions` of @tributary/connector-http takes from a host. */
interface HttpHostSettings {
  readonly authenticate: UserCheck;
}

/** The http connector's package, whose list the server makes. */
export const HTTP_CONNECTOR = '@tributary/connector-http';

/**
 * The loader's `hostLists`: the http connector's extensions with the server's users.
 * @example
 * await loadPlugins({ pluginsDir, hostLists: hostLists((u, p) => auth.verifyUser(u, p)) });
 */
export function hostLists(checkUser: UserCheck): NonNullable<LoadPluginsOptions['hostLists']> {
  return {
    [HTTP_CONNECTOR]: (module) => {
      const make = module.httpExtensions;
      if (typeof make !== 'function') {
        throw new Error(`${HTTP_CONNECTOR} exports no httpExtensions function`);
      }
      // The loader checks what comes back like any exported list.
      const settings: HttpHostSettings = { authenticate: checkUser };
      return (make as (settings: HttpHostSettings) => unknown)(settings);
    },
  };
}
