/**
 * The one way tests wait: polls `probe` until it returns a value (not undefined) or `ms` pass,
 * and returns it with the time it took. Never a fixed sleep: a fast machine does not wait, a
 * slow one is given up to `ms`.
 */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 2000, every = 5): Promise<{ value: T; elapsed: number }> {
  const start = performance.now();
  for (;;) {
    const value = await probe();
    const elapsed = performance.now() - start;
    if (value !== undefined) return { value, elapsed };
    if (elapsed > ms) throw new Error(`nothing after ${ms} ms`);
    await new Promise((wake) => setTimeout(wake, every));
  }
}
