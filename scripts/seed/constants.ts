// What the seed and the benchmark agree on: the dataset sizes, the seeded users' password, and the
// last day of the seeded data (the benchmark removes everything dated after it when a run ends).

/** Rows per table. */
export interface Sizes {
  users: number;
  articles: number;
  favorites: number;
  follows: number;
  comments: number;
  tags: number;
}

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
} as const satisfies Record<string, Sizes>;

export type Scale = keyof typeof SCALES;

export const isScale = (name: string): name is Scale => Object.hasOwn(SCALES, name);

/** Every seeded user's password. */
export const SEED_PASSWORD = 'password';

/** Every seeded article, favorite and follow is dated before this (comments run up to 30 days past it). */
export const SEED_END = Date.UTC(2026, 10, 1);
