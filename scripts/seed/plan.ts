import { Sizes } from './constants';
import { RandomSource } from './random';

/** Two years of articles, up to SEED_END. */
const SPAN_MS = 2 * 365 * 86_400_000;

/**
 * What is decided before any row is written, so that each row carries its final counters: every
 * article's author and creation time, its tags, and who favorited what. Arrays are indexed by id.
 */
export interface Plan {
  /** When the first article was written; users signed up before it, one a minute. */
  start: number;
  articleAuthor: Int32Array;
  articleCreated: Float64Array;
  userArticles: Int32Array;
  /** Each user's newest article's creation time (users.last_article_at), 0 for none. */
  userLastArticle: Float64Array;
  userFavorites: Int32Array;
  articleFavorites: Int32Array;
  tagArticles: Int32Array;
  /** (article, tag) pairs, flattened: article, tag, article, tag, … */
  articleTags: number[];
  /** Distinct (user, article) pairs, each as user * (articles + 1) + article. */
  favorites: Set<number>;
}

export function planArticles(rng: RandomSource, sizes: Sizes, end: number): Plan {
  const plan: Plan = {
    start: end - SPAN_MS,
    articleAuthor: new Int32Array(sizes.articles + 1),
    articleCreated: new Float64Array(sizes.articles + 1),
    userArticles: new Int32Array(sizes.users + 1),
    userLastArticle: new Float64Array(sizes.users + 1),
    userFavorites: new Int32Array(sizes.users + 1),
    articleFavorites: new Int32Array(sizes.articles + 1),
    tagArticles: new Int32Array(sizes.tags + 1),
    articleTags: [],
    favorites: new Set(),
  };

  // Articles: ascending creation time; authors on a long tail (user 1 writes thousands).
  const articleStep = SPAN_MS / sizes.articles;
  for (let id = 1; id <= sizes.articles; id++) {
    plan.articleAuthor[id] = 1 + rng.skewed(sizes.users, 3);
    plan.articleCreated[id] = plan.start + id * articleStep + rng.random() * articleStep;
    plan.userArticles[plan.articleAuthor[id]]++;
    plan.userLastArticle[plan.articleAuthor[id]] = plan.articleCreated[id];
  }

  // Article tags: 0-4 distinct tags per article, tags on a long tail.
  for (let id = 1; id <= sizes.articles; id++) {
    const count = rng.int(0, 4);
    const chosen = new Set<number>();
    for (let i = 0; i < count; i++) {
      chosen.add(1 + rng.skewed(sizes.tags, 2.5));
    }
    for (const tag of chosen) {
      plan.articleTags.push(id, tag);
      plan.tagArticles[tag]++;
    }
  }

  // Favorites: distinct (user, article) pairs; keen users and popular articles on long tails.
  while (plan.favorites.size < sizes.favorites) {
    const user = 1 + rng.skewed(sizes.users, 2);
    const article = 1 + rng.skewed(sizes.articles, 2);
    const key = user * (sizes.articles + 1) + article;
    if (!plan.favorites.has(key)) {
      plan.favorites.add(key);
      plan.userFavorites[user]++;
      plan.articleFavorites[article]++;
    }
  }
  return plan;
}

/**
 * Distinct (follower, followee) pairs without self-follows, each as follower * (users + 1) + followee:
 * a few users follow hundreds, and prolific authors are followed most.
 */
export function planFollows(rng: RandomSource, sizes: Sizes): Set<number> {
  const pairs = new Set<number>();
  while (pairs.size < sizes.follows) {
    const follower = 1 + rng.skewed(sizes.users, 2.2);
    const followee = 1 + rng.skewed(sizes.users, 2);
    if (follower !== followee) {
      pairs.add(follower * (sizes.users + 1) + followee);
    }
  }
  return pairs;
}
