// `node dist-tools/scripts/bench/floor/main.js`, started by the bench (server.ts startFloor) with
// PORT, the DB_* settings of the server under test, DB_POOL_SIZE, JWT_SECRET, JWT_ISSUER,
// JWT_AUDIENCE and JWT_CLOCK_TOLERANCE_S; FLOOR_WORKERS > 1 forks that many workers on one port
// (node:cluster, as PM2's cluster mode does for the server).
import cluster from 'node:cluster';
import { createFloorServer } from './floor';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined) {
    throw new Error(`the floor server needs ${name}`);
  }
  return value;
}

function serve(): void {
  const floor = createFloorServer({
    database: {
      host: required('DB_HOST'),
      port: Number(required('DB_PORT')),
      user: required('DB_USER'),
      password: process.env.DB_PASSWORD ?? '',
      database: required('DB_NAME'),
      connectionLimit: Number(required('DB_POOL_SIZE')),
    },
    jwt: {
      secret: required('JWT_SECRET'),
      issuer: required('JWT_ISSUER'),
      audience: required('JWT_AUDIENCE'),
      clockToleranceSeconds: Number(required('JWT_CLOCK_TOLERANCE_S')),
    },
  });
  floor.server.listen(Number(required('PORT')), '127.0.0.1');
  process.once('SIGTERM', () => void floor.close().finally(() => process.exit(0)));
}

const workers = Number(process.env.FLOOR_WORKERS ?? 1);
if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i++) {
    cluster.fork();
  }
  // The workers finish their requests under way first: the bench then removes what they wrote.
  process.once('SIGTERM', () => {
    const exits = Object.values(cluster.workers ?? {}).map(
      (worker) =>
        new Promise((resolve) => {
          worker!.once('exit', resolve);
          worker!.process.kill('SIGTERM');
        }),
    );
    void Promise.all(exits).then(() => process.exit(0));
  });
} else {
  serve();
}
