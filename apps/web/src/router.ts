// The screens' URLs, with react-router (data mode, in the browser only): the path is the state, the
// API serves index.html for any page path (apps/api/src/web/web-app.ts), so these URLs are the app's
// public addresses (bookmarks, the browser tests, the issuer's redirect URI): keep them.
import { createBrowserRouter } from 'react-router';
import { App, screens } from './App';

export const router = createBrowserRouter([{ path: '/', Component: App, children: screens }]);

/** Changes screen from outside a component too (the API client's 401): a new history entry. */
export function navigate(path: string): void {
  if (path !== window.location.pathname) void router.navigate(path);
}
