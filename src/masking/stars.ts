// Runs of '*' without building a new string per call: slices of one constant.
const STARS = '*'.repeat(64);

export function stars(n: number): string {
  return n <= STARS.length ? STARS.slice(0, n) : '*'.repeat(n);
}
