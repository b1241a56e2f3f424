// The 48 unitconversion:* functions: each multiplies or divides its numeric argument by one
// factor between units (international yard and pound, the 365.2425-day Gregorian year).
// Factors of 1 or more multiply and smaller ones divide, so exact factors stay exact.

import { defineFunction, type Extension } from '@tributary/engine/extension-api';

interface Conversion {
  /** The function name, as in Siddhi (`cmToft`). */
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** `value * times` or `value / by`. */
  readonly times?: number;
  readonly by?: number;
}

/** Every conversion Siddhi's unitconversion extension offers, with its factor. */
export const CONVERSIONS: readonly Conversion[] = [
  // length
  { name: 'MmTokm', from: 'megametres', to: 'kilometres', times: 1000 },
  { name: 'cmToft', from: 'centimetres', to: 'feet', by: 30.48 },
  { name: 'cmToin', from: 'centimetres', to: 'inches', by: 2.54 },
  { name: 'cmTokm', from: 'centimetres', to: 'kilometres', by: 100000 },
  { name: 'cmTom', from: 'centimetres', to: 'metres', by: 100 },
  { name: 'cmTomi', from: 'centimetres', to: 'miles', by: 160934.4 },
  { name: 'cmTomm', from: 'centimetres', to: 'millimetres', times: 10 },
  { name: 'cmTonm', from: 'centimetres', to: 'nanometres', times: 1e7 },
  { name: 'cmToum', from: 'centimetres', to: 'micrometres', times: 1e4 },
  { name: 'cmToyd', from: 'centimetres', to: 'yards', by: 91.44 },
  { name: 'kmTocm', from: 'kilometres', to: 'centimetres', times: 1e5 },
  { name: 'kmToft', from: 'kilometres', to: 'feet', by: 0.0003048 },
  { name: 'kmToin', from: 'kilometres', to: 'inches', by: 0.0000254 },
  { name: 'kmTom', from: 'kilometres', to: 'metres', times: 1000 },
  { name: 'kmTomi', from: 'kilometres', to: 'miles', by: 1.609344 },
  { name: 'kmTomm', from: 'kilometres', to: 'millimetres', times: 1e6 },
  { name: 'kmTonm', from: 'kilometres', to: 'nanometres', times: 1e12 },
  { name: 'kmToum', from: 'kilometres', to: 'micrometres', times: 1e9 },
  { name: 'kmToyd', from: 'kilometres', to: 'yards', by: 0.0009144 },
  { name: 'mTocm', from: 'metres', to: 'centimetres', times: 100 },
  { name: 'mToft', from: 'metres', to: 'feet', by: 0.3048 },
  { name: 'mTomm', from: 'metres', to: 'millimetres', times: 1000 },
  { name: 'mToyd', from: 'metres', to: 'yards', by: 0.9144 },
  { name: 'miTokm', from: 'miles', to: 'kilometres', times: 1.609344 },
  // mass
  { name: 'gTokg', from: 'grams', to: 'kilograms', by: 1000 },
  { name: 'gTomg', from: 'grams', to: 'milligrams', times: 1000 },
  { name: 'gToug', from: 'grams', to: 'micrograms', times: 1e6 },
  { name: 'kgToLT', from: 'kilograms', to: 'long (imperial) tons', by: 1016.0469088 },
  { name: 'kgToST', from: 'kilograms', to: 'short (US) tons', by: 907.18474 },
  { name: 'kgTog', from: 'kilograms', to: 'grams', times: 1000 },
  { name: 'kgTolb', from: 'kilograms', to: 'pounds', by: 0.45359237 },
  { name: 'kgTooz', from: 'kilograms', to: 'ounces', by: 0.028349523125 },
  { name: 'kgTost', from: 'kilograms', to: 'stones', by: 6.35029318 },
  { name: 'kgTot', from: 'kilograms', to: 'tonnes', by: 1000 },
  { name: 'tTog', from: 'tonnes', to: 'grams', times: 1e6 },
  { name: 'tTokg', from: 'tonnes', to: 'kilograms', times: 1000 },
  // time
  { name: 'dToh', from: 'days', to: 'hours', times: 24 },
  { name: 'hTom', from: 'hours', to: 'minutes', times: 60 },
  { name: 'hTos', from: 'hours', to: 'seconds', times: 3600 },
  { name: 'mTos', from: 'minutes', to: 'seconds', times: 60 },
  { name: 'sToms', from: 'seconds', to: 'milliseconds', times: 1000 },
  { name: 'sTons', from: 'seconds', to: 'nanoseconds', times: 1e9 },
  { name: 'sTous', from: 'seconds', to: 'microseconds', times: 1e6 },
  { name: 'yTod', from: 'years', to: 'days', times: 365.2425 },
  // volume
  { name: 'lTom3', from: 'litres', to: 'cubic metres', by: 1000 },
  { name: 'lToml', from: 'litres', to: 'millilitres', times: 1000 },
  { name: 'm3Tol', from: 'cubic metres', to: 'litres', times: 1000 },
  { name: 'mlTol', from: 'millilitres', to: 'litres', by: 1000 },
];

/** The converting closure of one conversion. */
export function converter(conversion: Conversion): (value: number) => number {
  const { times, by } = conversion;
  if (times !== undefined) return (value) => value * times;
  if (by !== undefined) return (value) => value / by;
  throw new Error(`unitconversion:${conversion.name} has no factor`);
}

function conversionFunction(conversion: Conversion): Extension {
  const convert = converter(conversion);
  const { name, from, to } = conversion;
  return defineFunction({
    namespace: 'unitconversion',
    name,
    status: 'stable',
    summary: `Converts a value in ${from} into ${to}.`,
    description: 'A null input fails the event, as in Siddhi.',
    parameters: [
      {
        name: 'p1',
        types: ['int', 'long', 'float', 'double'],
        description: `The value in ${from}.`,
      },
    ],
    returnType: 'double',
    returnDescription: `The value in ${to}.`,
    examples: [
      {
        description: `Converts each value from ${from} into ${to}.`,
        siddhi:
          'define stream InStream (inValue double);\n' +
          `from InStream select unitconversion:${name}(inValue) as converted insert into OutStream;`,
      },
    ],
    create: () => ({
      type: 'double',
      call: (v) => {
        const value = v[0];
        if (typeof value !== 'number') {
          throw new Error('Input to the UnitConversion function cannot be null');
        }
        return convert(value);
      },
    }),
  });
}

/** One function per conversion. */
export const conversionFunctions: readonly Extension[] = CONVERSIONS.map(conversionFunction);
