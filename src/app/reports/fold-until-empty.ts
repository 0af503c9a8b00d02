/** Runs a bounded fold (one batch per transaction, returning how many deltas it moved) until nothing is left. */
export async function foldUntilEmpty(foldBatch: () => Promise<number>): Promise<{ folded: number }> {
  let folded = 0;
  for (;;) {
    const n = await foldBatch();
    folded += n;
    if (n === 0) return { folded };
  }
}
