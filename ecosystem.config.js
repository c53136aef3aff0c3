// PM2 process file. First deploy and every release are in the README's "Running in production with
// PM2" section; in short: `npm ci && npm run build && npm run migration:run`, then
// `pm2 start ecosystem.config.js --env production`, and `pm2 reload conduit-api` for a new version.
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
