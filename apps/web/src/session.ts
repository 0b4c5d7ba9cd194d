// Who is signed in: the demo user picked on the sign-in page, kept for this browser tab only.
export interface Session {
  id: string;
  name: string;
  role: 'case_manager' | 'supervisor' | 'intake';
  territory?: string;
  token: string;
}

const KEY = 'pathway.session';

export function currentSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return undefined;
  }
}

export function signIn(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}
