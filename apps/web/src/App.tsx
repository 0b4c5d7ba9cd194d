import { useEffect } from 'react';
import { CALLBACK_PATH } from './auth/oidc';
import { SignInCallback } from './auth/SignInCallback';
import { Link } from './components/Link';
import { GUICHET, Intake, NEW_REFERRAL, NewReferral } from './pages/Intake';
import { PathwayPage } from './pages/PathwayPage';
import { Physician } from './pages/Physician';
import { Portfolio } from './pages/Portfolio';
import { SignIn } from './pages/SignIn';
import { Supervision } from './pages/Supervision';
import { navigate, usePath } from './router';
import { currentSession, signOut } from './session';

const ROLE_LABELS = { case_manager: 'gestionnaire de cas', supervisor: 'superviseur·e', intake: 'accueil', physician: 'médecin traitant' } as const;

/** Where each role starts its day. */
export function homeOf(role: string): string {
  if (role === 'supervisor') return '/supervision';
  if (role === 'physician') return '/patients';
  if (role === 'intake') return GUICHET;
  return '/portefeuille';
}

export function App() {
  const path = usePath();
  const session = currentSession();
  const pathway = /^\/parcours\/([^/]+)$/.exec(path);

  useEffect(() => {
    if (!session && path !== '/connexion' && path !== CALLBACK_PATH) navigate('/connexion');
    else if (session && (path === '/' || path === '/connexion' || path === CALLBACK_PATH)) navigate(homeOf(session.role));
  }, [session, path]);

  // When the token expires, back to the sign-in page (which says why), without waiting for a refusal.
  const expiresAt = session?.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    const timer = setTimeout(() => navigate('/connexion'), Math.min(Math.max(expiresAt - Date.now(), 0) + 100, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [expiresAt]);

  let title = 'Connexion';
  let screen = <SignIn />;
  if (!session && path === CALLBACK_PATH) {
    screen = <SignInCallback />;
  } else if (session && pathway) {
    title = 'Parcours';
    screen = <PathwayPage id={decodeURIComponent(pathway[1])} />;
  } else if (session && path === '/supervision') {
    title = 'Supervision';
    screen = <Supervision />;
  } else if (session && path === '/portefeuille') {
    title = 'Mon portefeuille';
    screen = <Portfolio />;
  } else if (session && path === GUICHET) {
    title = 'Guichet';
    screen = <Intake />;
  } else if (session && path === NEW_REFERRAL) {
    title = 'Nouvelle orientation';
    screen = <NewReferral />;
  } else if (session && path === '/patients') {
    title = 'Mes patients';
    screen = <Physician />;
  }
  useEffect(() => {
    document.title = `${title} · Parcours MAIA`;
  }, [title]);

  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="app-header">
        <span className="brand">Parcours MAIA</span>
        {session && (
          <nav aria-label="Navigation principale">
            <ul>
              {session.role === 'case_manager' && (
                <li>
                  <Link href="/portefeuille" aria-current={path === '/portefeuille' ? 'page' : undefined}>
                    Mon portefeuille
                  </Link>
                </li>
              )}
              {session.role === 'physician' && (
                <li>
                  <Link href="/patients" aria-current={path === '/patients' ? 'page' : undefined}>
                    Mes patients
                  </Link>
                </li>
              )}
              {session.role === 'intake' && (
                <>
                  <li>
                    <Link href={GUICHET} aria-current={path === GUICHET ? 'page' : undefined}>
                      Guichet
                    </Link>
                  </li>
                  <li>
                    <Link href={NEW_REFERRAL} aria-current={path === NEW_REFERRAL ? 'page' : undefined}>
                      Nouvelle orientation
                    </Link>
                  </li>
                </>
              )}
              {session.role === 'supervisor' && (
                <li>
                  <Link href="/supervision" aria-current={path === '/supervision' ? 'page' : undefined}>
                    Supervision
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        )}
        {session && (
          <div className="who">
            <span>
              {session.name} ({ROLE_LABELS[session.role]}
              {session.territory ? `, ${session.territory}` : ''})
            </span>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                // With an OIDC issuer, its session ends too (else its sign-in page would let us straight back in).
                const issuerSignOut = signOut();
                if (issuerSignOut) window.location.assign(issuerSignOut);
                else navigate('/connexion');
              }}
            >
              Se déconnecter
            </button>
          </div>
        )}
      </header>
      <main id="contenu" tabIndex={-1}>
        {screen}
      </main>
    </>
  );
}
