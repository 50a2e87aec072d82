/**
 * Small-sample estimates of a proportion (Sauro & Lewis, Quantifying the User Experience, ch. 3).
 */
import { zFor, defaultConfidence } from './distributions';

export interface Interval {
  low: number;
  high: number;
}

const clip = (x: number) => Math.min(1, Math.max(0, x));

/** Laplace point estimate (x + 1) / (n + 2) — Lewis & Sauro (2006), "When 100% really isn't 100%". */
export function laplace(x: number, n: number): number {
  return (x + 1) / (n + 2);
}

/**
 * Adjusted-Wald (Agresti–Coull) interval: n' = n + z², p' = (x + z²/2) / n',
 * p' ± z·√(p'(1 − p')/n'), clipped to [0, 1].
 * @example adjustedWald(7, 10, 0.95) // {center: 0.6445, low: 0.3923, high: 0.8967}
 */
export function adjustedWald(
  x: number,
  n: number,
  confidence = defaultConfidence,
  z = zFor(confidence),
): Interval & { center: number } {
  const n2 = n + z * z;
  const p = (x + (z * z) / 2) / n2;
  const half = z * Math.sqrt((p * (1 - p)) / n2);
  return { center: p, low: clip(p - half), high: clip(p + half) };
}

/**
 * Difference of two proportions (after − before) with the Agresti–Caffo interval: add one
 * success and one failure to each group, then the Wald interval of the difference.
 */
export function agrestiCaffo(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  confidence = defaultConfidence,
  z = zFor(confidence),
): Interval & { difference: number } {
  const p1 = (x1 + 1) / (n1 + 2);
  const p2 = (x2 + 1) / (n2 + 2);
  const d = p2 - p1;
  const half = z * Math.sqrt((p1 * (1 - p1)) / (n1 + 2) + (p2 * (1 - p2)) / (n2 + 2));
  return { difference: d, low: Math.max(-1, d - half), high: Math.min(1, d + half) };
}
