// Who is signed in, kept for this browser tab only (sessionStorage, never localStorage): the demo user
// picked on a local stack, or the person the OIDC issuer signed in (auth/oidc.ts), with the access
// token the API checks on every call. An expired session is gone: the app goes back to sign-in.
export interface Session {
  id: string;
  name: string;
  role: 'case_manager' | 'supervisor' | 'intake' | 'physician';
  territory?: string;
  token: string;
  /** When the token expires (ms since the epoch); none for a demo token the API keeps checking. */
  expiresAt?: number;
  /** The issuer's end-session URL (RP-initiated logout), when it offers one. */
  signOutUrl?: string;
}

/** Why the sign-in page is shown: said there, and it then waits for a click rather than signing back in. */
export type SignInNotice = 'signed-out' | 'expired';

const KEY = 'pathway.session';
const NOTICE_KEY = 'pathway.signin.notice';

export function currentSession(now = Date.now()): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const session = JSON.parse(raw) as Session;
    if (session.expiresAt !== undefined && now >= session.expiresAt) {
      endSession('expired');
      return undefined;
    }
    return session;
  } catch {
    return undefined;
  }
}

export function signIn(session: Session): void {
  sessionStorage.removeItem(NOTICE_KEY);
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** Forgets the session; returns where to end the issuer's session too, if it offers that. */
export function signOut(): string | undefined {
  const raw = sessionStorage.getItem(KEY);
  endSession('signed-out');
  try {
    return raw ? (JSON.parse(raw) as Session).signOutUrl : undefined;
  } catch {
    return undefined;
  }
}

/** The token was refused (401) or has expired. */
export function expireSession(): void {
  if (sessionStorage.getItem(KEY)) endSession('expired');
}

function endSession(notice: SignInNotice): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.setItem(NOTICE_KEY, notice);
}

/** Why the user is back on the sign-in page, once. */
export function takeSignInNotice(): SignInNotice | undefined {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return notice === 'signed-out' || notice === 'expired' ? notice : undefined;
}
