import { useEffect, useRef, useState } from 'react';
import { homeOf } from '../App';
import { Link } from 'react-router';
import { navigate } from '../router';
import { signIn } from '../session';
import { browserContext, CALLBACK_PATH, completeSignIn, SignInError } from './oidc';

/**
 * /connexion/retour: where the issuer sends the browser back with the authorization code. The code and
 * state leave the address bar (and the history) at once; the answer is checked and redeemed
 * (auth/oidc.ts), then the user lands on their home screen, or reads why the sign-in was refused.
 */
export function SignInCallback() {
  const [failure, setFailure] = useState<string>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const search = new URLSearchParams(window.location.search);
    window.history.replaceState(null, '', CALLBACK_PATH);
    completeSignIn(search, browserContext()).then(
      (session) => {
        signIn(session);
        navigate(homeOf(session.role));
      },
      (err: unknown) => setFailure(err instanceof SignInError ? err.message : 'La connexion n’a pas pu aboutir : reconnectez-vous.'),
    );
  }, []);

  return (
    <section aria-labelledby="titre-connexion" className="narrow">
      <h1 id="titre-connexion">Connexion</h1>
      {failure ? (
        <>
          <p role="alert" className="error">
            {failure}
          </p>
          <p>
            <Link to="/connexion">Revenir à la connexion</Link>
          </p>
        </>
      ) : (
        <p role="status">Connexion en cours…</p>
      )}
    </section>
  );
}
