import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type DemoUser } from '../api/client';
import { browserContext, SignInError, startSignIn, type OidcConfig } from '../auth/oidc';
import { LoadState } from '../components/Status';
import { navigate } from '../router';
import { signIn, takeSignInNotice } from '../session';
import { useLoad } from '../useLoad';
import { homeOf } from '../App';

const GROUPS: Array<{ role: DemoUser['role']; title: string }> = [
  { role: 'case_manager', title: 'Gestionnaires de cas' },
  { role: 'supervisor', title: 'Superviseur·es' },
  { role: 'intake', title: 'Accueil (guichet intégré)' },
  { role: 'physician', title: 'Médecins traitants' },
];

/**
 * The API says how to sign in (GET /api/v1/auth/config): with OpenID Connect, the page sends the browser
 * to the issuer (at once, unless the user just signed out or their session expired); on a local stack,
 * it lists demo users (with their tokens), which the API offers only with the local development secret.
 */
export function SignIn() {
  const [config] = useLoad(() => api.GET('/api/v1/auth/config'), []);
  const [notice] = useState(takeSignInNotice);

  return (
    <section aria-labelledby="titre-connexion" className="narrow">
      <h1 id="titre-connexion">Connexion</h1>
      {notice === 'expired' && <p role="status">Votre session a expiré : reconnectez-vous.</p>}
      {notice === 'signed-out' && <p role="status">Vous êtes déconnecté·e.</p>}
      <LoadState loaded={config} what="de la méthode de connexion" />
      {config.state === 'loaded' && config.data.mode === 'oidc' && config.data.issuer && config.data.clientId && (
        <OidcSignIn config={{ issuer: config.data.issuer, clientId: config.data.clientId, scopes: config.data.scopes ?? ['openid'] }} wait={notice !== undefined} />
      )}
      {config.state === 'loaded' && config.data.mode === 'demo' && <DemoSignIn />}
      {config.state === 'loaded' && config.data.mode === 'none' && (
        <p role="alert">La connexion de démonstration n’existe que sur une installation locale, et aucun service d’identification n’est configuré pour cette application. Prévenez l’administrateur.</p>
      )}
    </section>
  );
}

/** OpenID Connect: off to the issuer's sign-in page; back at /connexion/retour (auth/SignInCallback). */
function OidcSignIn({ config, wait }: { config: OidcConfig; wait: boolean }) {
  const [state, setState] = useState<{ going: boolean; failure?: string }>({ going: false });
  const started = useRef(false);
  const go = useCallback(async () => {
    setState({ going: true });
    try {
      window.location.assign(await startSignIn(config, browserContext()));
    } catch (err) {
      setState({ going: false, failure: err instanceof SignInError ? err.message : 'La connexion n’a pas pu commencer : réessayez.' });
    }
  }, [config]);
  useEffect(() => {
    if (wait || started.current) return;
    started.current = true;
    void go();
  }, [go, wait]);

  return (
    <>
      {state.failure && (
        <p role="alert" className="error">
          {state.failure}
        </p>
      )}
      {state.going && <p role="status">Redirection vers le service d’identification de votre établissement…</p>}
      <p>
        <button type="button" onClick={() => void go()} disabled={state.going}>
          Se connecter avec le compte de l’établissement
        </button>
      </p>
    </>
  );
}

/** A local stack: pick a demo user; anywhere else the API answers 404 and this says so. */
function DemoSignIn() {
  const [users] = useLoad(() => api.GET('/api/v1/auth/demo-users'), []);

  return (
    <>
      {users.state === 'failed' && users.problem.status === 404 ? (
        <p role="alert">La connexion de démonstration n’existe que sur une installation locale. Utilisez la connexion de votre établissement.</p>
      ) : (
        <LoadState loaded={users} what="des utilisateurs de démonstration" />
      )}
      {users.state === 'loaded' && users.data.length === 0 && <p>Aucun gestionnaire de cas n’est encore enregistré.</p>}
      {users.state === 'loaded' && users.data.length > 0 && (
        <>
          <p>Installation locale : choisissez un utilisateur de démonstration.</p>
          {GROUPS.map(({ role, title }) => {
            const group = users.data.filter((u) => u.role === role);
            if (group.length === 0) return null;
            return (
              <section key={role} aria-labelledby={`groupe-${role}`}>
                <h2 id={`groupe-${role}`}>{title}</h2>
                <ul className="user-list">
                  {group.map((user) => (
                    <li key={user.id}>
                      <button
                        type="button"
                        onClick={() => {
                          signIn({ id: user.id, name: user.name, role: user.role, territory: user.territory, token: user.token });
                          navigate(homeOf(user.role));
                        }}
                      >
                        {user.name}
                        <span className="muted"> · {user.territory}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
