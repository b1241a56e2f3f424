// PostgreSQL log sequence numbers (`16/B374D848`): parsed to bigint to compare and step them,
// and printed back in the server's notation.

/**
 * Parses `X/Y` (two hex halves) into a 64-bit position.
 * @example
 * parseLsn('16/B374D848') // 0x16B374D848n
 */
export function parseLsn(text: string): bigint {
  const m = /^([0-9a-f]{1,8})\/([0-9a-f]{1,8})$/i.exec(text.trim());
  if (m === null) throw new Error(`'${text}' is not a log sequence number (X/Y in hex)`);
  return (BigInt(`0x${m[1] ?? '0'}`) << 32n) | BigInt(`0x${m[2] ?? '0'}`);
}

/**
 * Prints a position as the server does (upper-case hex halves, no padding).
 * @example
 * formatLsn(0x16B374D848n) // '16/B374D848'
 */
export function formatLsn(lsn: bigint): string {
  const high = lsn >> 32n;
  const low = lsn & 0xffffffffn;
  return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;
}
