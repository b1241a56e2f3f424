// Email sink (SMTP) and source (IMAP): the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { emailSink } from './email-sink.js';
import { emailSource } from './email-source.js';

export { attachmentFiles, emailSink } from './email-sink.js';
export {
  emailSource,
  emailSourceWith,
  mailTransport,
  type MailStoreFactory,
} from './email-source.js';
export { decodeBody } from './body-decoding.js';
export {
  findBodyPart,
  findPart,
  ImapMailStore,
  type BodyPart,
  type ImapSettings,
  type MailAction,
  type MailMessage,
  type MailStore,
} from './mail-store.js';
export { matchesSearch, parseSearchTerm, type SearchCondition } from './search-term.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * import { extensions } from '@tributary/connector-email';
 * createRegistry(builtinExtensions, { package: '@tributary/connector-email', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [emailSink, emailSource];
