// Loads what a screen shows, with the API's refusal as a Problem rather than an exception.
import { useCallback, useEffect, useState } from 'react';
import { asProblem, type Problem } from './api/problem';

export type Loaded<T> = { state: 'loading' } | { state: 'loaded'; data: T } | { state: 'failed'; problem: Problem };

export type Answer<T> = { data?: T; error?: unknown; response: Response };

export function useLoad<T>(load: () => Promise<Answer<T>>, deps: unknown[]): [Loaded<T>, () => Promise<void>] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const read = useCallback(load, deps);
  const reload = useCallback(async () => {
    try {
      const { data, error, response } = await read();
      if (response.ok && data !== undefined) setLoaded({ state: 'loaded', data });
      else setLoaded({ state: 'failed', problem: asProblem(response.status, error) });
    } catch {
      setLoaded({ state: 'failed', problem: { status: 0, detail: 'le serveur ne répond pas' } });
    }
  }, [read]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [loaded, reload];
}
