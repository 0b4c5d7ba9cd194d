import { api, type DemoUser } from '../api/client';
import { LoadState } from '../components/Status';
import { navigate } from '../router';
import { signIn } from '../session';
import { useLoad } from '../useLoad';
import { homeOf } from '../App';

const GROUPS: Array<{ role: DemoUser['role']; title: string }> = [
  { role: 'case_manager', title: 'Gestionnaires de cas' },
  { role: 'supervisor', title: 'Superviseur·es' },
];

/**
 * Local sign-in: the API lists demo users (with their tokens) only while it verifies tokens with the
 * local development secret; anywhere else it answers 404 and this page says so.
 */
export function SignIn() {
  const [users] = useLoad(() => api.GET('/api/v1/auth/demo-users'), []);

  return (
    <section aria-labelledby="titre-connexion" className="narrow">
      <h1 id="titre-connexion">Connexion</h1>
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
    </section>
  );
}
