/**
 * System Usability Scale (Brooke 1996): ten items answered 1–5; odd items contribute r − 1,
 * even items 5 − r; the sum times 2.5 gives 0–100.
 * @example susScore([4, 2, 4, 1, 5, 2, 4, 2, 4, 2]) // 80
 */
export function susScore(responses: number[]): number {
  if (responses.length !== 10) throw new RangeError(`invalid SUS responses: expected 10, got ${responses.length}`);
  let sum = 0;
  responses.forEach((r, i) => {
    if (!Number.isInteger(r) || r < 1 || r > 5) throw new RangeError(`invalid SUS response ${i + 1}: ${r}`);
    sum += i % 2 === 0 ? r - 1 : 5 - r;
  });
  return sum * 2.5;
}
