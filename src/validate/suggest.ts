/** "Did you mean …": the closest known name to a misspelled one. */

const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
};

/**
 * The known name closest to `input` (ignoring case), when it is close enough to be a slip:
 * a few edits, or the known name with its suffix (`Command`) left off.
 */
export const suggest = (input: string, known: readonly string[], suffix = ''): string | undefined => {
  // Far longer than any known name: no slip, and comparing would cost time proportional to it.
  if (input.length > 2 * Math.max(...known.map((k) => k.length))) return undefined;
  const typed = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const lower = name.toLowerCase();
    const d = Math.min(distance(typed, lower), suffix ? distance(typed + suffix.toLowerCase(), lower) : Infinity);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 4)) ? best : undefined;
};
