/**
 * The candidate a mistyped word most likely meant, for "did you mean" hints: the closest by edit
 * distance (a swap counts as one edit), within a third of the word's length, at least one edit,
 * and at most `maxDistance`. Undefined when nothing is that close, or when two candidates meaning
 * different things are equally close (`meaning` maps an alias to what it stands for: `ls` and
 * `list` are one answer).
 */
export function closestWord(
  word: string,
  candidates: readonly string[],
  meaning: (candidate: string) => string = (candidate) => candidate,
  maxDistance = Infinity,
): string | undefined {
  const typed = word.toLowerCase();
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(typed.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  let tied = false;
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance > limit) continue;
    if (distance < bestDistance) {
      best = meaning(candidate);
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance && meaning(candidate) !== best) tied = true;
  }
  return tied ? undefined : best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(value);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}
