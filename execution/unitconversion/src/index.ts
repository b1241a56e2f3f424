// Unit conversion functions (unitconversion:cmToft, unitconversion:kgTolb, … 48 in all): the
// extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { conversionFunctions } from './conversions.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createEngine({ extensions: createRegistry(builtinExtensions,
 *   { package: '@tributary/execution-unitconversion', version: '0.1.0', extensions }) });
 */
export const extensions: readonly Extension[] = conversionFunctions;
