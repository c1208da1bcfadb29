/** The middle value (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The value below which `q` (0..1) of the values fall, interpolated. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error("quantile of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low);
}

/** The interquartile range of paired ratios, rounded: how much the rounds disagreed. */
export function spreadOf(ratios: readonly number[]): [number, number] {
  return [round(quantile(ratios, 0.25), 3), round(quantile(ratios, 0.75), 3)];
}

export const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** `[a, b]` on even rounds and `[b, a]` on odd ones, so drift on a shared machine falls on both. */
export function alternate<T>(round: number, a: T, b: T): [T, T] {
  return round % 2 === 0 ? [a, b] : [b, a];
}

/** The list rotated by `round` places: each subject goes first in turn. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
