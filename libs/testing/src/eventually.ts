// The one way the tests wait for something asynchronous: poll `check` until it passes, and fail
// with what was last seen once `timeoutMs` is over. A wait that returns whatever it last read on
// time-out lets the assertion after it pass or fail for the wrong reason; a loop with no bound can
// hang the suite instead of failing it. Both are what this replaces.

export interface EventuallyOptions {
  /** How long the event may take; past it the wait fails. */
  timeoutMs?: number;
  /** Pause between two checks. */
  intervalMs?: number;
  /** What is waited for, named in the failure ("timed out after 20 s waiting for <message>"). */
  message?: string;
}

/**
 * Resolves with `check`'s value as soon as it returns without throwing (a jest `expect` inside
 * `check` is the usual way to say "not yet"). On time-out, rejects naming `message` and the last
 * failure of `check`: the observation that was still wrong.
 */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 20_000, intervalMs = 100, message = 'the condition' }: EventuallyOptions = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() >= until) {
        const last = err instanceof Error ? err.message : String(err);
        const failure = new Error(`timed out after ${timeoutMs / 1000} s waiting for ${message}; last observation: ${last}`);
        failure.cause = err;
        throw failure;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * `eventually` for a value read again until `done` holds: resolves with that value, or fails on
 * time-out with the last value read.
 */
export function eventuallyValue<T>(read: () => T | Promise<T>, done: (value: T) => boolean, options: EventuallyOptions = {}): Promise<T> {
  return eventually(async () => {
    const value = await read();
    if (!done(value)) throw new Error(JSON.stringify(value)?.slice(0, 1500) ?? String(value));
    return value;
  }, options);
}
