import { DataSource } from 'typeorm';

/**
 * Each denormalised counter against the rows it counts, as a statement that answers how many rows
 * disagree (0 when all agree). The seed, the benchmark's restore and db:copy check them.
 */
export const CONSISTENCY_CHECKS: Record<string, string> = {
  'users.articles_count':
    'SELECT COUNT(*) FROM users u WHERE u.articles_count <> (SELECT COUNT(*) FROM articles a WHERE a.author_id = u.id)',
  // Compared as text (NULL as ''), which both dialects write alike for a datetime(3).
  'users.last_article_at':
    "SELECT COUNT(*) FROM users u WHERE COALESCE(u.last_article_at, '') <> COALESCE((SELECT MAX(a.created_at) FROM articles a WHERE a.author_id = u.id), '')",
  'users.favorites_count':
    'SELECT COUNT(*) FROM users u WHERE u.favorites_count <> (SELECT COUNT(*) FROM favorites f WHERE f.user_id = u.id)',
  'articles.favorites_count':
    'SELECT COUNT(*) FROM articles a WHERE a.favorites_count <> (SELECT COUNT(*) FROM favorites f WHERE f.article_id = a.id)',
  'tags.articles_count':
    'SELECT COUNT(*) FROM tags t WHERE t.articles_count <> (SELECT COUNT(*) FROM article_tags x WHERE x.tag_id = t.id)',
  'counters.articles':
    "SELECT ABS(COALESCE((SELECT value FROM counters WHERE name = 'articles'), 0) - (SELECT COUNT(*) FROM articles))",
  'favorites.article_created_at':
    'SELECT COUNT(*) FROM favorites f JOIN articles a ON a.id = f.article_id WHERE f.article_created_at <> a.created_at',
  'article_tags.article_created_at':
    'SELECT COUNT(*) FROM article_tags x JOIN articles a ON a.id = x.article_id WHERE x.article_created_at <> a.created_at',
};

/** The counters that disagree with their rows, as `name: N rows disagree` lines. */
export async function counterProblems(dataSource: DataSource): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, sql] of Object.entries(CONSISTENCY_CHECKS)) {
    const [row] = await dataSource.query<{ wrong: unknown }[]>(`SELECT (${sql}) AS wrong`);
    const wrong = Number(row.wrong);
    if (wrong !== 0) {
      problems.push(`${name}: ${wrong} rows disagree`);
    }
  }
  return problems;
}
