import { readiness } from './readiness';

describe('readiness', () => {
  const up = () => Promise.resolve();
  const down = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432\n    at detail'));

  it('is ready when every dependency answers', async () => {
    expect(await readiness({ database: up, temporal: up })).toEqual({ ready: true, status: 'ok', database: { status: 'up' }, temporal: { status: 'up' } });
  });

  it('names each dependency that is down, with the first line of its error', async () => {
    expect(await readiness({ database: down, temporal: up })).toEqual({
      ready: false,
      status: 'down: database',
      database: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:5432' },
      temporal: { status: 'up' },
    });
  });

  it('is not ready while the process says so (shutting down), even with everything up', async () => {
    expect(await readiness({ database: up }, 'shutting down')).toEqual({ ready: false, status: 'shutting down', database: { status: 'up' } });
    expect((await readiness({ database: down }, 'shutting down')).status).toBe('down: database; shutting down');
  });
});
