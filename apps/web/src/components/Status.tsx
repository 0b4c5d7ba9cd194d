import { plainReason } from '../api/problem';
import type { Loaded } from '../useLoad';

/** What a section shows while it loads or when the API refused: never a blank. */
export function LoadState<T>({ loaded, what }: { loaded: Loaded<T>; what: string }) {
  if (loaded.state === 'loading') return <p role="status">Chargement {what}…</p>;
  if (loaded.state === 'failed') return <p role="alert" className="error">Impossible d’afficher {what} : {plainReason(loaded.problem)}</p>;
  return null;
}
