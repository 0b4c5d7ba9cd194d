/**
 * The least-privileged role the API and the worker connect as (migration AppRole1795480000000): how
 * `migrate` gives it its password, and the URL the local stacks hand the apps.
 */
import type { Db } from './sql';
import { APP_ROLE } from './migrations/1795480000000-AppRole';

export { APP_ROLE };

/**
 * Sets care_app's password (needs CREATEROLE, as the embedded server's `postgres` has). ALTER ROLE takes
 * no bind parameters, hence the literal, quoted as PostgreSQL quotes it.
 */
export async function setAppRolePassword(db: Db, password: string): Promise<void> {
  await db.query(`ALTER ROLE ${APP_ROLE} PASSWORD '${password.replace(/'/g, "''")}'`);
}

/** The owner's URL with care_app's credentials instead: same server and database. */
export function appRoleUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}
