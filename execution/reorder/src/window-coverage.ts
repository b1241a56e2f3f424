// The statistics of the Alpha K-slack algorithm (AQ-K-slack, Ji et al. 2015) as Siddhi
// computes them: the window coverage threshold for an error bound and confidence, the runtime
// coverage of recent timestamps, and the inverse normal distribution for the critical value.

/**
 * Java's `Math.round`: half up, NaN as 0 and infinities clamped.
 * @example
 * javaRound(NaN); // 0
 */
export function javaRound(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x === Infinity) return Number.MAX_SAFE_INTEGER;
  if (x === -Infinity) return Number.MIN_SAFE_INTEGER;
  return Math.floor(x + 0.5);
}

/**
 * The inverse of the standard normal distribution (Acklam's rational approximation, relative
 * error below 1.2e-9).
 * @example
 * inverseNormal(0.025); // ≈ -1.959964
 */
export function inverseNormal(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/**
 * The window coverage threshold: the smallest root satisfying the two quadratic inequalities of
 * the algorithm for the given data, critical value and error threshold.
 */
export function windowCoverageThreshold(
  criticalValue: number,
  data: readonly number[],
  errorThreshold: number,
): number {
  const n = data.length;
  const mean = data.reduce((s, x) => s + x, 0) / n;
  const variance = data.reduce((s, x) => s + (mean - x) ** 2, 0) / n;
  const temp1 = Math.sqrt((mean ** 2 + variance ** 2) / (n * mean ** 2));
  const temp2 = criticalValue ** 2 * temp1 ** 2;
  const a1 = 1 + temp2;
  const b1 = 2 * errorThreshold - 2 - temp2;
  const c1 = (1 - errorThreshold) ** 2;
  const b2 = -(2 + 2 * errorThreshold + temp2);
  const c2 = (1 + errorThreshold) ** 2;
  const sq1 = b1 ** 2 - 4 * a1 * c1;
  const sq2 = b2 ** 2 - 4 * a1 * c2;
  const theta1 = sq1 >= 0 ? (-b1 - Math.sqrt(sq1)) / (2 * a1) : 0;
  const theta2 = sq1 >= 0 ? (-b1 + Math.sqrt(sq1)) / (2 * a1) : 0;
  const theta3 = sq2 >= 0 ? (-b2 - Math.sqrt(sq2)) / (2 * a1) : 0;
  const theta4 = sq2 >= 0 ? (-b2 + Math.sqrt(sq2)) / (2 * a1) : 0;
  if (sq1 >= 0 && sq2 < 0) return Math.min(theta1, theta2);
  if (sq2 >= 0 && sq1 < 0) return Math.min(theta3, theta4);
  if (sq1 < 0 && sq2 < 0) return 0;
  return Math.min(theta1, theta2, theta3, theta4);
}

/**
 * The share of the timestamps in `[current - l - windowSize, current - l]` that arrived before
 * the first one at or past its upper edge; prunes timestamps below the window from `timestamps`.
 */
export function runtimeWindowCoverage(
  current: number,
  timestamps: number[],
  l: number,
  windowSize: number,
): number {
  const high = current - l;
  const low = current - l - windowSize;
  let covered = 0;
  let total = 0;
  let lowMet = false;
  let highMet = false;
  const kept: number[] = [];
  for (const ts of timestamps) {
    if (!lowMet && low <= ts) lowMet = true;
    if (!highMet && high <= ts) highMet = true;
    if (lowMet && low <= ts && ts <= high) {
      if (!highMet) covered++;
      total++;
    }
    if (ts > low) kept.push(ts);
  }
  timestamps.splice(0, timestamps.length, ...kept);
  return total === 0 ? 1 : covered / total;
}
