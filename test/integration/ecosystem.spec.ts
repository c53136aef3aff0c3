import { withEnvironment } from '../support/with-environment';

/**
 * ecosystem.config.js, the PM2 process file: the app always, and the `production` deploy section only
 * when the DEPLOY_* variables describe a usable target (README, "Releases with PM2 deploy").
 */
interface Ecosystem {
  apps: { name: string }[];
  deploy?: { production: Record<string, string | string[]> };
}

describe('ecosystem.config.js', () => {
  const DEPLOY = {
    DEPLOY_HOST: 'app1.example.com',
    DEPLOY_USER: 'conduit',
    DEPLOY_REPO: 'git@github.com:example/conduit.git',
    DEPLOY_PATH: '/srv/conduit',
  };
  /** The file as PM2 loads it, afresh, with exactly these environment variables. */
  const load = (variables: Record<string, string>) =>
    withEnvironment(variables, () => {
      let config: Ecosystem | undefined;
      jest.isolateModules(() => {
        config = jest.requireActual<Ecosystem>('../../ecosystem.config.js');
      });
      return config!;
    });

  it('should load without DEPLOY_* variables, as a process file with no deploy section', () => {
    const config = load({});

    expect(config.apps.map((app) => app.name)).toEqual(['conduit-api']);
    expect(config.deploy).toBeUndefined();
  });

  it('should deploy production from the DEPLOY_* variables, with npm ci, build, migrations, then a reload', () => {
    const production = load(DEPLOY).deploy?.production;

    expect(production).toMatchObject({
      host: 'app1.example.com',
      user: 'conduit',
      repo: 'git@github.com:example/conduit.git',
      ref: 'origin/main',
      path: '/srv/conduit',
    });
    const steps = ['npm ci', 'npm run build', 'npm run migration:run', 'pm2 startOrReload ecosystem.config.js'];
    const postDeploy = String(production?.['post-deploy']);
    const positions = steps.map((step) => postDeploy.indexOf(step));
    expect(positions.every((position, i) => position >= 0 && (i === 0 || position > positions[i - 1]))).toBe(true);
    expect(postDeploy).toMatch(/pm2 startOrReload ecosystem\.config\.js --env production --update-env$/);
  });

  it('should take several hosts, a ref, a key and SSH options', () => {
    const production = load({
      ...DEPLOY,
      DEPLOY_HOST: 'app1.example.com, app2.example.com',
      DEPLOY_REF: 'origin/release',
      DEPLOY_KEY: '~/.ssh/conduit_deploy',
      DEPLOY_SSH_OPTIONS: 'StrictHostKeyChecking=accept-new Port=2222',
    }).deploy?.production;

    expect(production).toMatchObject({
      host: ['app1.example.com', 'app2.example.com'],
      ref: 'origin/release',
      key: '~/.ssh/conduit_deploy',
      ssh_options: ['StrictHostKeyChecking=accept-new', 'Port=2222'],
    });
  });

  it('should leave the deploy section out, and say why, when a DEPLOY_* variable is missing or unusable', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // Blank counts as unset, as `DEPLOY_REPO=` in a .env copied from .env.example.
      expect(load({ ...DEPLOY, DEPLOY_REPO: '' }).deploy).toBeUndefined();
      expect(load({ ...DEPLOY, DEPLOY_PATH: 'srv/conduit' }).deploy).toBeUndefined();
      expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
        expect.stringContaining('DEPLOY_REPO not set'),
        expect.stringContaining('DEPLOY_PATH must be an absolute path on the host'),
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});
