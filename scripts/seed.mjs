#!/usr/bin/env node
// `npm run seed -- --scale small|large [--users N --articles N --favorites N --follows N
//  --comments N --tags N] [--seed 42] [--reset]`
//
// Fills the configured database (DB_TYPE, DB_* or DB_PATH, exactly as the server reads them) with a
// realistic, deterministic dataset through multi-row bulk inserts: long-tail popularity everywhere
// (a few authors with thousands of articles, a few users following hundreds, a few articles with
// thousands of comments, a few tags on most articles), and every counter consistent with the rows.
// Migrates first. Refuses a database that already has users unless --reset (which empties it).
// Every user's password is `password` (one argon2id hash, shared: hashing 100,000 would take an hour).
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const SCALES = {
  small: { users: 1_000, articles: 10_000, favorites: 50_000, follows: 10_000, comments: 20_000, tags: 100 },
  large: {
    users: 100_000,
    articles: 1_000_000,
    favorites: 5_000_000,
    follows: 1_000_000,
    comments: 2_000_000,
    tags: 1_000,
  },
};
export const SEED_PASSWORD = 'password';
/** Every seeded article, favorite and follow is dated before this (comments run up to 30 days past it). */
export const SEED_END = Date.UTC(2026, 10, 1);

const WORDS = (
  'the of and to in is you that it he was for on are as with his they at be this have from or one had by word but ' +
  'not what all were we when your can said there use an each which she do how their if will up other about out ' +
  'many then them these so some her would make like him into time has look two more write go see number no way ' +
  'could people my than first water been call who oil its now find long down day did get come made may part ' +
  'node nest express typeorm mysql index query cluster worker token stateless async await promise stream buffer'
).split(' ');

// --- Deterministic randomness (pure-rand) -----------------------------------------------------------
function randomSource(seed) {
  const generator = xoroshiro128plus(seed);
  const random = () => uniformFloat64(generator);
  return {
    random,
    /** An integer in [0, n), skewed towards 0 by `power` (1 = uniform; 3 = a long tail). */
    skewed: (n, power = 1) => Math.min(n - 1, Math.floor(n * random() ** power)),
    int: (min, max) => min + Math.floor(random() * (max - min + 1)),
    words: (min, max) => {
      const count = min + Math.floor(random() * (max - min + 1));
      const out = new Array(count);
      for (let i = 0; i < count; i++) {
        out[i] = WORDS[Math.floor(random() * WORDS.length)];
      }
      return out.join(' ');
    },
  };
}

// --- Writers: MySQL/MariaDB (multi-row INSERT) and SQLite (prepared statements) -------------------
async function mysqlWriter(options) {
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection({
    host: options.host,
    port: options.port,
    user: options.username,
    password: options.password,
    database: options.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
  });
  await connection.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
  const [[{ packet }]] = await connection.query('SELECT @@max_allowed_packet AS packet');
  const maxBytes = Math.min(Number(packet) - 1024 * 1024, 8 * 1024 * 1024);
  return {
    async count(table) {
      const [[row]] = await connection.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
      return Number(row.n);
    },
    async truncate(tables) {
      for (const table of tables) {
        await connection.query(`TRUNCATE TABLE \`${table}\``);
      }
    },
    /** Batches rows into INSERTs of at most ~8 MB each; one transaction per batch. */
    async insert(table, columns, rows) {
      const head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES `;
      let values = [];
      let bytes = 0;
      const flush = async () => {
        if (values.length > 0) {
          await connection.query(head + values.join(','));
          values = [];
          bytes = 0;
        }
      };
      for (const row of rows) {
        const literal = `(${row.map((value) => connection.escape(value)).join(',')})`;
        values.push(literal);
        bytes += literal.length;
        if (bytes > maxBytes) {
          await flush();
        }
      }
      await flush();
    },
    async scalar(sql) {
      const [[row]] = await connection.query(sql);
      return Number(Object.values(row)[0]);
    },
    async analyze(tables) {
      await connection.query(`ANALYZE TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`);
    },
    close: () => connection.end(),
  };
}

function sqliteWriter(options) {
  const Database = require('better-sqlite3');
  const db = new Database(options.database);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF');
  const toSql = (value) => (value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '') : value);
  return {
    async count(table) {
      return db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get().n;
    },
    async truncate(tables) {
      for (const table of tables) {
        db.prepare(`DELETE FROM "${table}"`).run();
      }
      db.prepare('DELETE FROM sqlite_sequence WHERE name IN (' + tables.map(() => '?').join(',') + ')').run(...tables);
    },
    async insert(table, columns, rows) {
      const statement = db.prepare(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      let batch = [];
      const flush = db.transaction((items) => {
        for (const row of items) {
          statement.run(...row.map(toSql));
        }
      });
      for (const row of rows) {
        batch.push(row);
        if (batch.length === 10_000) {
          flush(batch);
          batch = [];
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      flush(batch);
    },
    async scalar(sql) {
      return Number(Object.values(db.prepare(sql).get())[0]);
    },
    async analyze() {
      db.prepare('ANALYZE').run();
    },
    close: async () => db.close(),
  };
}

// --- The dataset ----------------------------------------------------------------------------------
const TABLES = ['comments', 'favorites', 'follows', 'article_tags', 'articles', 'tags', 'counters', 'users'];

function* range(n, map) {
  for (let i = 0; i < n; i++) {
    yield map(i);
  }
}

/** Generates and writes everything; returns rows written per table. */
async function seed(writer, sizes, seedValue) {
  const rng = randomSource(seedValue);
  // Hashed exactly as the server hashes, so seeded users log in through the real path.
  const { HASH_OPTIONS } = require(path.join(root, 'dist/auth/password.service.js'));
  const passwordHash = await require('argon2').hash(SEED_PASSWORD, HASH_OPTIONS);
  const end = SEED_END;
  const start = end - 2 * 365 * 86_400_000;
  const written = {};
  /** Writes `rows` (any iterable) in batches of 20,000, with a progress bar. */
  const step = async (table, columns, total, rows) => {
    const bar = new cliProgress.SingleBar(
      {
        format: ` ${table.padEnd(12)} [{bar}] {percentage}% {value}/{total} rows, {duration_formatted}`,
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 5000,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    let batch = [];
    let done = 0;
    const flush = async () => {
      await writer.insert(table, columns, batch);
      done += batch.length;
      bar.update(done);
      batch = [];
    };
    for (const row of rows) {
      batch.push(row);
      if (batch.length === 20_000) {
        await flush();
      }
    }
    await flush();
    bar.stop();
    written[table] = done;
  };

  const userArticles = new Int32Array(sizes.users + 1);
  const userFavorites = new Int32Array(sizes.users + 1);
  const articleFavorites = new Int32Array(sizes.articles + 1);
  const articleAuthor = new Int32Array(sizes.articles + 1);
  const articleCreated = new Float64Array(sizes.articles + 1);
  const tagArticles = new Int32Array(sizes.tags + 1);

  // Articles: ascending creation time; authors on a long tail (user 1 writes thousands).
  const articleStep = (end - start) / sizes.articles;
  for (let id = 1; id <= sizes.articles; id++) {
    articleAuthor[id] = 1 + rng.skewed(sizes.users, 3);
    articleCreated[id] = start + id * articleStep + rng.random() * articleStep;
    userArticles[articleAuthor[id]]++;
  }

  // Article tags: 0-4 distinct tags per article, tags on a long tail.
  const articleTagRows = [];
  for (let id = 1; id <= sizes.articles; id++) {
    const count = rng.int(0, 4);
    const chosen = new Set();
    for (let i = 0; i < count; i++) {
      chosen.add(1 + rng.skewed(sizes.tags, 2.5));
    }
    for (const tag of chosen) {
      articleTagRows.push(id, tag);
      tagArticles[tag]++;
    }
  }

  // Favorites: distinct (user, article) pairs; keen users and popular articles on long tails.
  const favoritePairs = new Set();
  while (favoritePairs.size < sizes.favorites) {
    const user = 1 + rng.skewed(sizes.users, 2);
    const article = 1 + rng.skewed(sizes.articles, 2);
    const key = user * (sizes.articles + 1) + article;
    if (!favoritePairs.has(key)) {
      favoritePairs.add(key);
      userFavorites[user]++;
      articleFavorites[article]++;
    }
  }

  await step(
    'users',
    [
      'id',
      'email',
      'username',
      'username_key',
      'password_hash',
      'bio',
      'image',
      'articles_count',
      'favorites_count',
      'created_at',
      'updated_at',
    ],
    sizes.users,
    range(sizes.users, (i) => {
      const id = i + 1;
      const created = new Date(start - (sizes.users - i) * 60_000);
      return [
        id,
        `user${id}@example.com`,
        `user${id}`,
        `user${id}`,
        passwordHash,
        id % 3 === 0 ? rng.words(5, 20) : null,
        id % 4 === 0 ? `https://images.example.com/avatars/${id}.png` : null,
        userArticles[id],
        userFavorites[id],
        created,
        created,
      ];
    }),
  );
  await step(
    'tags',
    ['id', 'name', 'articles_count'],
    sizes.tags,
    range(sizes.tags, (i) => [i + 1, `tag${i + 1}`, tagArticles[i + 1]]),
  );
  await step(
    'articles',
    ['id', 'slug', 'title', 'description', 'body', 'author_id', 'favorites_count', 'created_at', 'updated_at'],
    sizes.articles,
    range(sizes.articles, (i) => {
      const id = i + 1;
      const title = `${rng.words(3, 8)} ${id}`;
      const created = new Date(articleCreated[id]);
      return [
        id,
        `${title.replace(/ /g, '-')}-${id.toString(36).padStart(6, '0')}`.slice(0, 120),
        title,
        rng.words(8, 16),
        rng.words(40, 90),
        articleAuthor[id],
        articleFavorites[id],
        created,
        created,
      ];
    }),
  );
  await step(
    'article_tags',
    ['article_id', 'tag_id', 'article_created_at'],
    articleTagRows.length / 2,
    range(articleTagRows.length / 2, (i) => {
      const article = articleTagRows[2 * i];
      return [article, articleTagRows[2 * i + 1], new Date(articleCreated[article])];
    }),
  );
  await step(
    'favorites',
    ['user_id', 'article_id', 'article_created_at', 'created_at'],
    sizes.favorites,
    (function* favorites() {
      for (const key of favoritePairs) {
        const user = Math.floor(key / (sizes.articles + 1));
        const article = key % (sizes.articles + 1);
        yield [user, article, new Date(articleCreated[article]), new Date(articleCreated[article] + 3_600_000)];
      }
    })(),
  );
  favoritePairs.clear();

  // Follows: distinct pairs, no self-follows; a few users follow hundreds, prolific authors are followed most.
  const followPairs = new Set();
  while (followPairs.size < sizes.follows) {
    const follower = 1 + rng.skewed(sizes.users, 2.2);
    const followee = 1 + rng.skewed(sizes.users, 2);
    if (follower !== followee) {
      followPairs.add(follower * (sizes.users + 1) + followee);
    }
  }
  await step(
    'follows',
    ['follower_id', 'followee_id', 'created_at'],
    sizes.follows,
    (function* follows() {
      for (const key of followPairs) {
        yield [
          Math.floor(key / (sizes.users + 1)),
          key % (sizes.users + 1),
          new Date(end - rng.int(0, 365) * 86_400_000),
        ];
      }
    })(),
  );
  followPairs.clear();

  // Comments: busy articles on a long tail, authors uniform.
  await step(
    'comments',
    ['id', 'article_id', 'author_id', 'body', 'created_at', 'updated_at'],
    sizes.comments,
    range(sizes.comments, (i) => {
      const article = 1 + rng.skewed(sizes.articles, 4);
      const created = new Date(articleCreated[article] + rng.int(1, 30 * 86_400) * 1000);
      return [i + 1, article, 1 + rng.skewed(sizes.users, 1), rng.words(5, 30), created, created];
    }),
  );

  // The migration created the site counter at 0.
  await writer.truncate(['counters']);
  await writer.insert('counters', ['name', 'value'], [['articles', sizes.articles]]);
  written.counters = 1;
  return written;
}

/** Every denormalised value must equal what the rows say: the app's own checks, which db:copy runs too. */
export const { CONSISTENCY_CHECKS } = require(path.join(root, 'dist/database/backup/consistency.js'));

async function verify(writer) {
  const problems = [];
  for (const [name, sql] of Object.entries(CONSISTENCY_CHECKS)) {
    const wrong = await writer.scalar(sql);
    if (wrong !== 0) {
      problems.push(`${name}: ${wrong} rows disagree`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`counters inconsistent with the rows: ${problems.join('; ')}`);
  }
  console.log(`Counters consistent with the rows (${Object.keys(CONSISTENCY_CHECKS).join(', ')}).`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'small' },
      users: { type: 'string' },
      articles: { type: 'string' },
      favorites: { type: 'string' },
      follows: { type: 'string' },
      comments: { type: 'string' },
      tags: { type: 'string' },
      seed: { type: 'string', default: '42' },
      reset: { type: 'boolean', default: false },
    },
  });
  const base = SCALES[values.scale];
  if (!base) {
    throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  }
  const sizes = Object.fromEntries(
    Object.entries(base).map(([name, size]) => [name, values[name] === undefined ? size : Number(values[name])]),
  );
  sizes.favorites = Math.min(sizes.favorites, Math.floor(sizes.users * sizes.articles * 0.5));
  sizes.follows = Math.min(sizes.follows, Math.floor(sizes.users * (sizes.users - 1) * 0.5));

  const { loadEnvironment } = require(path.join(root, 'dist/config/environment.js'));
  const { parseEnv } = require(path.join(root, 'dist/config/env.validation.js'));
  const { buildDataSourceOptions } = require(path.join(root, 'dist/database/data-source-options.js'));
  const { DataSource } = require('typeorm');
  loadEnvironment();
  const built = buildDataSourceOptions(parseEnv(process.env));
  // With read replicas (DB_READ_HOSTS) the connection settings are the primary's: the seed writes.
  const options = built.replication ? { ...built, ...built.replication.master } : built;

  const dataSource = new DataSource({ ...options, migrationsRun: false, logging: false });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();

  const writer = options.type === 'better-sqlite3' ? sqliteWriter(options) : await mysqlWriter(options);
  try {
    if ((await writer.count('users')) > 0) {
      if (!values.reset) {
        throw new Error('the database already has users: pass --reset to empty it first');
      }
      await writer.truncate(TABLES);
    }
    const where =
      options.type === 'better-sqlite3' ? options.database : `${options.host}:${options.port}/${options.database}`;
    console.log(
      `Seeding ${where} (${options.type}), scale ${values.scale}, seed ${values.seed}: ${JSON.stringify(sizes)}`,
    );
    const progress = new cliProgress.MultiBar(
      {
        format: ' {table} [{bar}] {percentage}% {value}/{total} rows, {duration_formatted}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    const written = await seed(writer, sizes, Number(values.seed), progress);
    progress.stop();
    await writer.analyze(TABLES);
    const seconds = (Date.now() - started) / 1000;
    const rows = Object.values(written).reduce((sum, n) => sum + n, 0);
    console.log('\nRows written:');
    console.table(written);
    console.log(
      `${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds).toLocaleString('en')} rows/s`,
    );
    await verify(writer);
  } finally {
    await writer.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
