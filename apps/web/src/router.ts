// Three screens and a sign-in page do not need a router library: the path is the state, pushState
// changes it, and the API serves index.html for any page path (apps/api/src/web/web-app.ts).
import { useSyncExternalStore } from 'react';

const CHANGE = 'pathway:navigate';

export function navigate(path: string): void {
  if (path !== window.location.pathname) window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}
