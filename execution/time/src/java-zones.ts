// Time zones as Java resolves them: `ZoneId.of(id, ZoneId.SHORT_IDS)` (IANA ids, offsets,
// UTC/GMT prefixes and the old three-letter ids), the JVM default (the host's zone), zone
// names for the `z` pattern letter, and the conversion between wall-clock fields and instants.

import { tzName, tzOffset } from '@date-fns/tz';

/** A resolved zone: its id and its UTC offset (minutes) at an instant. */
export interface Zone {
  readonly id: string;
  offsetAt(epochMs: number): number;
  /** The `z` name (`PST`, `IST`) or, with `long`, `Pacific Standard Time`. */
  nameAt(epochMs: number, long: boolean): string;
}

/** `java.time.ZoneId.SHORT_IDS`: the three-letter ids `ZoneId.of` accepts with that map. */
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: 'Australia/Darwin',
  AET: 'Australia/Sydney',
  AGT: 'America/Argentina/Buenos_Aires',
  ART: 'Africa/Cairo',
  AST: 'America/Anchorage',
  BET: 'America/Sao_Paulo',
  BST: 'Asia/Dhaka',
  CAT: 'Africa/Harare',
  CNT: 'America/St_Johns',
  CST: 'America/Chicago',
  CTT: 'Asia/Shanghai',
  EAT: 'Africa/Addis_Ababa',
  ECT: 'Europe/Paris',
  IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  MIT: 'Pacific/Apia',
  NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland',
  PLT: 'Asia/Karachi',
  PNT: 'America/Phoenix',
  PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles',
  SST: 'Pacific/Guadalcanal',
  VST: 'Asia/Ho_Chi_Minh',
  EST: '-05:00',
  MST: '-07:00',
  HST: '-10:00',
};

function formatOffset(minutes: number, colon = true): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

/** A zone with one offset (`+05:30`, `UTC`). */
export function fixedZone(id: string, minutes: number): Zone {
  return {
    id,
    offsetAt: () => minutes,
    nameAt: () => (id === 'Z' || minutes === 0 ? id : `GMT${formatOffset(minutes)}`),
  };
}

const UTC_ZONE = fixedZone('UTC', 0);

function acronym(longName: string): string {
  return longName
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase())
    .join('');
}

function regionZone(id: string): Zone {
  const offsetCache = new Map<number, number>();
  return {
    id,
    offsetAt(epochMs) {
      // offsets change at most hourly: cache per hour
      const hour = Math.floor(epochMs / 3_600_000);
      let offset = offsetCache.get(hour);
      if (offset === undefined) {
        offset = tzOffset(id, new Date(epochMs));
        if (offsetCache.size > 4096) offsetCache.clear();
        offsetCache.set(hour, offset);
      }
      return offset;
    },
    nameAt(epochMs, long) {
      const date = new Date(epochMs);
      const longName = tzName(id, date, 'long');
      if (long) return longName;
      const short = tzName(id, date, 'short');
      return /^GMT[+-]/.test(short) ? acronym(longName) : short;
    },
  };
}

const regionCache = new Map<string, Zone | null>();

function region(id: string): Zone | undefined {
  let zone = regionCache.get(id);
  if (zone === undefined) {
    try {
      const canonical = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions()
        .timeZone;
      zone = canonical === '' ? null : regionZone(id);
    } catch {
      zone = null;
    }
    regionCache.set(id, zone);
  }
  return zone ?? undefined;
}

const OFFSET = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

function parseOffset(text: string): number | undefined {
  const m = OFFSET.exec(text);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? '0');
  if (hours > 18 || minutes > 59) return undefined;
  const total = hours * 60 + minutes;
  return m[1] === '-' ? -total : total;
}

/** The zone error Java raises, as Siddhi reports it. */
export class InvalidZoneError extends Error {
  constructor(readonly zoneId: string) {
    super(`Provided time zone ${zoneId} is invalid.`);
    this.name = 'InvalidZoneError';
  }
}

/**
 * `ZoneId.of(id, ZoneId.SHORT_IDS)`: IANA region ids, `Z`, offsets (`+05:30`), `UTC`/`GMT`/`UT`
 * with or without an offset, and the SHORT_IDS three-letter ids (`IST`, `PST`, `EST`).
 * @example
 * javaZoneId('IST').offsetAt(0); // 330
 */
export function javaZoneId(id: string): Zone {
  const mapped = SHORT_IDS[id] ?? id;
  if (mapped === 'Z') return fixedZone('Z', 0);
  const offset = parseOffset(mapped);
  if (offset !== undefined) return fixedZone(mapped, offset);
  const prefix = /^(UTC|GMT|UT)(.*)$/.exec(mapped);
  if (prefix !== null) {
    const rest = prefix[2] ?? '';
    if (rest === '') return fixedZone(mapped, 0);
    const o = parseOffset(rest);
    if (o !== undefined) return fixedZone(mapped, o);
    throw new InvalidZoneError(id);
  }
  const zone = /^[A-Za-z][A-Za-z0-9~/._+-]+$/.test(mapped) ? region(mapped) : undefined;
  if (zone === undefined) throw new InvalidZoneError(id);
  return zone;
}

/**
 * `TimeZone.getTimeZone(id)`: like `javaZoneId`, but an unknown id is GMT (Java does not fail).
 * @example
 * javaTimeZone('Nowhere/Else').id; // 'GMT'
 */
export function javaTimeZone(id: string): Zone {
  if (id === 'UTC') return UTC_ZONE;
  try {
    return javaZoneId(id);
  } catch {
    return fixedZone('GMT', 0);
  }
}

/** The default zone, re-read when `TZ` changes (reading it costs an Intl formatter). */
let defaultCache: { readonly tz: string | undefined; readonly zone: Zone } | undefined;

/**
 * The JVM default zone: the host's (`TZ`, else the system zone), read each time so tests and
 * hosts can set `process.env.TZ`.
 * @example
 * defaultZone().id; // 'Europe/Berlin'
 */
export function defaultZone(): Zone {
  const tz = process.env.TZ;
  if (defaultCache !== undefined && defaultCache.tz === tz) return defaultCache.zone;
  const id = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zone = id === 'UTC' || id === 'Etc/UTC' ? UTC_ZONE : (region(id) ?? UTC_ZONE);
  defaultCache = { tz, zone };
  return zone;
}

/** Wall-clock fields in a zone (month 1–12). */
export interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The wall-clock fields of an instant in a zone. */
export function localFields(epochMs: number, zone: Zone): LocalFields {
  const d = new Date(epochMs + zone.offsetAt(epochMs) * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

/**
 * Wall-clock fields as if in UTC, normalizing out-of-range values like a lenient Java
 * calendar (month 13 is January of the next year, day 0 the last day of the previous month).
 */
export function utcMillisOf(f: LocalFields): number {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond);
  return d.getTime();
}

/**
 * The instant of wall-clock fields in a zone. A time in a gap (clocks moving forward) moves
 * forward by the gap; in an overlap the earlier offset is taken.
 */
export function instantOf(f: LocalFields, zone: Zone): number {
  const local = utcMillisOf(f);
  const first = local - zone.offsetAt(local) * 60_000;
  const offset = zone.offsetAt(first);
  const second = local - offset * 60_000;
  if (zone.offsetAt(second) === offset) return second;
  return first;
}

/** `+05:30`-style text of an offset in minutes. */
export { formatOffset };
