import { useEffect } from 'react';
import { NavLink, Outlet, useLocation, useMatches, useParams, type RouteObject } from 'react-router';
import { CALLBACK_PATH } from './auth/oidc';
import { SignInCallback } from './auth/SignInCallback';
import { GUICHET, Intake, NEW_REFERRAL, NewReferral } from './pages/Intake';
import { PathwayPage } from './pages/PathwayPage';
import { Physician } from './pages/Physician';
import { Portfolio } from './pages/Portfolio';
import { SignIn } from './pages/SignIn';
import { Supervision } from './pages/Supervision';
import { Agenda } from './pages/Agenda';
import { Tasks } from './pages/Tasks';
import { navigate } from './router';
import { currentSession, signOut } from './session';

const ROLE_LABELS = { case_manager: 'gestionnaire de cas', supervisor: 'superviseur·e', intake: 'accueil', physician: 'médecin traitant' } as const;

/** Where each role starts its day. */
export function homeOf(role: string): string {
  if (role === 'supervisor') return '/supervision';
  if (role === 'physician') return '/patients';
  if (role === 'intake') return GUICHET;
  return '/portefeuille';
}

/** A screen: its title, and who it is for (anyone else is sent to the sign-in page, or home). */
interface Screen {
  title: string;
  for: 'signed-in' | 'signed-out';
}

function PathwayScreen() {
  return <PathwayPage id={useParams().id as string} />;
}

/**
 * The app's screens under `/` (router.ts); any other path leads to the sign-in page, or home. The
 * sign-in page is mounted at /connexion only: it takes the notice of why it is shown (signed out,
 * expired) once, when it mounts.
 */
export const screens: RouteObject[] = [
  { path: 'connexion', Component: SignIn, handle: { title: 'Connexion', for: 'signed-out' } satisfies Screen },
  { path: CALLBACK_PATH, Component: SignInCallback, handle: { title: 'Connexion', for: 'signed-out' } satisfies Screen },
  { path: 'parcours/:id', Component: PathwayScreen, handle: { title: 'Parcours', for: 'signed-in' } satisfies Screen },
  { path: 'supervision', Component: Supervision, handle: { title: 'Supervision', for: 'signed-in' } satisfies Screen },
  { path: 'portefeuille', Component: Portfolio, handle: { title: 'Mon portefeuille', for: 'signed-in' } satisfies Screen },
  { path: 'taches', Component: Tasks, handle: { title: 'Mes tâches', for: 'signed-in' } satisfies Screen },
  { path: 'agenda', Component: Agenda, handle: { title: 'Agenda', for: 'signed-in' } satisfies Screen },
  { path: GUICHET, Component: Intake, handle: { title: 'Guichet', for: 'signed-in' } satisfies Screen },
  { path: NEW_REFERRAL, Component: NewReferral, handle: { title: 'Nouvelle orientation', for: 'signed-in' } satisfies Screen },
  { path: 'patients', Component: Physician, handle: { title: 'Mes patients', for: 'signed-in' } satisfies Screen },
];

export function App() {
  const path = useLocation().pathname;
  const session = currentSession();
  const screen = useMatches().at(-1)?.handle as Screen | undefined;
  const shown = screen !== undefined && (screen.for === 'signed-in') === (session !== undefined);

  useEffect(() => {
    if (!session && path !== '/connexion' && path !== CALLBACK_PATH) navigate('/connexion');
    else if (session && !shown) navigate(homeOf(session.role));
  }, [session, path, shown]);

  // When the token expires, back to the sign-in page (which says why), without waiting for a refusal.
  const expiresAt = session?.expiresAt;
  useEffect(() => {
    if (expiresAt === undefined) return;
    const timer = setTimeout(() => navigate('/connexion'), Math.min(Math.max(expiresAt - Date.now(), 0) + 100, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [expiresAt]);

  const title = shown ? screen.title : 'Connexion';
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
                  <NavLink to="/portefeuille" end>
                    Mon portefeuille
                  </NavLink>
                </li>
              )}
              {session.role === 'case_manager' && (
                <>
                  <li>
                    <NavLink to="/taches" end>
                      Mes tâches
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/agenda" end>
                      Agenda
                    </NavLink>
                  </li>
                </>
              )}
              {session.role === 'physician' && (
                <li>
                  <NavLink to="/patients" end>
                    Mes patients
                  </NavLink>
                </li>
              )}
              {session.role === 'intake' && (
                <>
                  <li>
                    <NavLink to={GUICHET} end>
                      Guichet
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to={NEW_REFERRAL} end>
                      Nouvelle orientation
                    </NavLink>
                  </li>
                </>
              )}
              {session.role === 'supervisor' && (
                <li>
                  <NavLink to="/supervision" end>
                    Supervision
                  </NavLink>
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
        {shown ? <Outlet /> : null}
      </main>
    </>
  );
}
