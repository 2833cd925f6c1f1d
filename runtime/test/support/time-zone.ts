/**
 * Runs code with process.env.TZ set, the way a browser in that zone would see local time.
 * Node re-reads TZ when it changes, so Date's local methods follow it.
 */
export async function withTimeZone<T>(tz: string, fn: () => Promise<T>): Promise<T> {
  const previous = process.env.TZ;
  process.env.TZ = tz;
  try {
    return await fn();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}
