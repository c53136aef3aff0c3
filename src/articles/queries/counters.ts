/**
 * The `counters` row that holds the number of articles (the unfiltered list's total), in a module of
 * its own so that code reading only the statements (the benchmark's floor server) loads no TypeORM.
 */
export const ARTICLES_COUNTER = 'articles';
