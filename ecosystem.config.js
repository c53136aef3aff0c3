// PM2 process file. First deploy and every release are in the README's "Running in production with
// PM2" section; in short: `npm ci && npm run build && npm run migration:run`, then
// `pm2 start ecosystem.config.js --env production`, and `pm2 reload conduit-api` for a new version;
// or, from your own machine, `pm2 deploy ecosystem.config.js production` (the `deploy` section below).
//
// Cluster mode runs one Node.js worker per core behind PM2's load balancer. Any worker can serve any
// request: JWT auth is stateless and nothing else is kept in a worker's memory.
const { existsSync } = require('node:fs');
const path = require('node:path');

// The same `.env` the server reads, so PM2_* settings and SHUTDOWN_TIMEOUT_MS can live there too.
// Variables already set in the environment win, as they do for the server.
const envFile = path.join(__dirname, '.env');
if (existsSync(envFile)) {
  process.loadEnvFile(envFile);
}

const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS || 10000);

// --- Releases: `pm2 deploy ecosystem.config.js production [setup | revert 1 | list]` ----------------------
// Run on the machine you deploy from; it reaches the hosts over SSH. Every setting comes from DEPLOY_*
// variables (.env.example), so no host or repository is committed here. The `deploy` section exists
// only when they are complete and usable: `pm2 start` on a server needs none of them, and a missing or
// partial set must never stop the server from starting (nor fill in a guess, such as ssh as your local
// user or a path resolved on this machine). Without them, `pm2 deploy` answers "production
// environment is not defined"; with some set but not all, loading this file also warns which are missing.
const blank = (value) => (value === undefined || value.trim() === '' ? undefined : value.trim());
const words = (value, separator) =>
  (blank(value) ?? '')
    .split(separator)
    .map((word) => word.trim())
    .filter(Boolean);

function deployProduction() {
  const hosts = words(process.env.DEPLOY_HOST, ',');
  const settings = {
    DEPLOY_USER: blank(process.env.DEPLOY_USER),
    DEPLOY_REPO: blank(process.env.DEPLOY_REPO),
    DEPLOY_REF: blank(process.env.DEPLOY_REF) ?? 'origin/main',
    DEPLOY_PATH: blank(process.env.DEPLOY_PATH),
    DEPLOY_KEY: blank(process.env.DEPLOY_KEY),
  };
  const sshOptions = words(process.env.DEPLOY_SSH_OPTIONS, /\s+/);
  const problems = [];
  const missing = [hosts.length === 0 ? 'DEPLOY_HOST' : undefined]
    .concat(['DEPLOY_USER', 'DEPLOY_REPO', 'DEPLOY_PATH'].filter((name) => settings[name] === undefined))
    .filter(Boolean);
  if (missing.length > 0) {
    problems.push(`${missing.join(', ')} not set`);
  }
  // pm2-deploy hands the settings to a shell script as one line of JSON, unquoted: a quote or a space
  // would break it, and it resolves the path on this machine before using it on the host.
  const values = [
    ...Object.entries(settings),
    ...hosts.map((host) => ['DEPLOY_HOST', host]),
    ...sshOptions.map((option) => ['DEPLOY_SSH_OPTIONS', option]),
  ];
  const unsafe = new Set(
    values.filter(([, value]) => value !== undefined && /['"\s]/.test(value)).map(([name]) => name),
  );
  if (unsafe.size > 0) {
    problems.push(`${[...unsafe].join(', ')} must not contain quotes or spaces`);
  }
  if (settings.DEPLOY_PATH !== undefined && !settings.DEPLOY_PATH.startsWith('/')) {
    problems.push('DEPLOY_PATH must be an absolute path on the host');
  }
  if (problems.length > 0) {
    return { problems };
  }
  return {
    production: {
      user: settings.DEPLOY_USER,
      host: hosts.length === 1 ? hosts[0] : hosts,
      repo: settings.DEPLOY_REPO,
      ref: settings.DEPLOY_REF,
      path: settings.DEPLOY_PATH,
      ...(settings.DEPLOY_KEY === undefined ? {} : { key: settings.DEPLOY_KEY }),
      ...(sshOptions.length === 0 ? {} : { ssh_options: sshOptions }),
      // `setup` stops before cloning, with what it found, when the host's non-interactive SSH shell lacks
      // a tool that post-deploy needs (nvm users: that shell's PATH). `command -v`: no PM2 daemon started.
      'pre-setup': 'node --version && npm --version && git --version && command -v pm2',
      // Runs on each host in $DEPLOY_PATH/current after `git reset --hard` to the release, on every
      // deploy and on `revert` (then the older release's migration:run finds nothing to do), and stops
      // at the first failure. Migrations run while the old release still serves: they must be
      // expand-only (README, "Releases with PM2 deploy").
      'post-deploy': [
        // The build needs the dev dependencies even where the SSH shell exports NODE_ENV=production.
        'npm ci --include=dev',
        'npm run build',
        'npm run migration:run',
        // startOrReload: the first deploy starts the app, later ones reload it; --update-env: .env changes apply.
        'pm2 startOrReload ecosystem.config.js --env production --update-env',
      ].join(' && '),
    },
  };
}

const DEPLOY_VARIABLES = ['HOST', 'USER', 'REPO', 'REF', 'PATH', 'KEY', 'SSH_OPTIONS'].map((name) => `DEPLOY_${name}`);
const deploy = deployProduction();
if (deploy.problems && DEPLOY_VARIABLES.some((name) => blank(process.env[name]) !== undefined)) {
  console.warn(
    `ecosystem.config.js: no deploy section, so no \`pm2 deploy … production\`: ${deploy.problems.join('; ')} ` +
      '(see .env.example).',
  );
}

module.exports = {
  apps: [
    {
      name: process.env.PM2_APP_NAME || 'conduit-api',
      script: 'dist/main.js',
      cwd: __dirname,
      exec_mode: 'cluster',
      // 'max' = one worker per core; a number, or -1 for all cores but one.
      instances: process.env.PM2_INSTANCES || 'max',
      // A worker whose memory grows past this is replaced (gracefully, like a reload).
      max_memory_restart: process.env.PM2_MAX_MEMORY || '512M',
      // Crash loops back off: 100 ms, then x1.5 per crash up to 15 s; reset after 30 s of uptime.
      exp_backoff_restart_delay: 100,
      // PM2 waits for the worker's process.send('ready'), sent once its port is open and the database
      // has answered, before it routes traffic to it or (on reload) stops the worker it replaces.
      // Startup may retry the database for ~10 s (TypeORM retryAttempts), hence 30 s.
      wait_ready: true,
      listen_timeout: 30000,
      // SIGINT, then SIGKILL if the worker is still alive after kill_timeout. The server's own graceful
      // shutdown (SHUTDOWN_TIMEOUT_MS) always ends first.
      kill_timeout: shutdownTimeoutMs + 5000,
      // Logs: every worker's stdout/stderr merged into one out and one error file (default folder
      // $PM2_HOME/logs). The server writes JSON lines that carry their own ISO `time`, so PM2 adds no
      // prefix that would stop each line from being valid JSON. Rotation: pm2-logrotate (README).
      merge_logs: true,
      time: false,
      out_file: process.env.PM2_LOG_DIR ? path.join(process.env.PM2_LOG_DIR, 'conduit-api.out.log') : undefined,
      error_file: process.env.PM2_LOG_DIR ? path.join(process.env.PM2_LOG_DIR, 'conduit-api.error.log') : undefined,
      env: {
        NODE_ENV: 'development',
      },
      env_production: {
        NODE_ENV: 'production',
        LOG_FORMAT: 'json',
        // Several workers must never race on migrations: they are a deploy step.
        DB_MIGRATIONS_RUN: 'false',
      },
    },
  ],
};
if (deploy.production) {
  module.exports.deploy = { production: deploy.production };
}
