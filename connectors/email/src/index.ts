// Email sink (SMTP) and source (IMAP): the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';

/** Every extension of this package, for the registry. */
export const extensions: readonly Extension[] = [];
