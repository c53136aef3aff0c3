// PM2 process file: `pm2 start ecosystem.config.js --env production`.
// Cluster mode runs one Node.js worker per core (JWT auth is stateless, so any worker serves any
// request). Migrations are a deploy step (`npm run migration:run`), never run by the workers.
module.exports = {
  apps: [
    {
      name: 'conduit-api',
      script: 'dist/main.js',
      exec_mode: 'cluster',
      instances: process.env.PM2_INSTANCES || 'max',
      max_memory_restart: process.env.PM2_MAX_MEMORY || '512M',
      exp_backoff_restart_delay: 200,
      kill_timeout: 10000,
      time: true,
      merge_logs: true,
      env: {
        NODE_ENV: 'development',
      },
      env_production: {
        NODE_ENV: 'production',
        DB_MIGRATIONS_RUN: 'false',
      },
    },
  ],
};
