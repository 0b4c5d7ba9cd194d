/**
 * Readiness as both apps answer it (the API's GET /health/ready, the worker's health endpoint): every
 * dependency answers within 2 s, and the process is not shutting down. Liveness is only "the process
 * answers HTTP": a dependency that is down makes a replica unready (no traffic), never restarted.
 */
export type Check = { status: 'up' } | { status: 'down'; error: string };

export async function check(probe: () => Promise<unknown>): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref();
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message.split('\n')[0] };
  } finally {
    clearTimeout(timer);
  }
}

export interface Readiness {
  ready: boolean;
  /** `ok`, or what is wrong: `down: database, temporal`, `shutting down`. */
  status: string;
  [dependency: string]: Check | boolean | string;
}

/** Runs the probes side by side; `notReady` names a state of the process itself that makes it unready. */
export async function readiness(probes: Record<string, () => Promise<unknown>>, notReady?: string): Promise<Readiness> {
  const names = Object.keys(probes);
  const checks = await Promise.all(names.map((name) => check(probes[name])));
  const down = names.filter((_, i) => checks[i].status === 'down');
  const problems = [...(down.length ? [`down: ${down.join(', ')}`] : []), ...(notReady ? [notReady] : [])];
  return { ready: problems.length === 0, status: problems.length ? problems.join('; ') : 'ok', ...Object.fromEntries(names.map((name, i) => [name, checks[i]])) };
}
