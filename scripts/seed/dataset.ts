import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { ArticleEntity } from '../../src/articles/article.entity';
import { CounterEntity } from '../../src/articles/counter.entity';
import { ARTICLES_COUNTER } from '../../src/articles/queries/counters';
import { FavoriteEntity } from '../../src/articles/favorite.entity';
import { CommentEntity } from '../../src/comments/comment.entity';
import { FollowEntity } from '../../src/profiles/follow.entity';
import { ArticleTagEntity } from '../../src/tags/article-tag.entity';
import { TagEntity } from '../../src/tags/tag.entity';
import { UserEntity } from '../../src/users/user.entity';
import { SEED_END, Sizes } from './constants';
import { planArticles, planFollows } from './plan';
import { randomSource } from './random';
import { DatasetRows } from './rows';
import { Row, seedTable } from './tables';
import { writeTable } from './write-table';
import { Writer } from './writer';

/**
 * Generates and writes the whole dataset into the migrated, empty tables that `dataSource` describes;
 * answers the rows written per table. The same `seed` and sizes always give the same rows.
 */
export async function writeDataset(
  dataSource: DataSource,
  writer: Writer,
  { sizes, seed, passwordHash }: { sizes: Sizes; seed: number; passwordHash: string },
): Promise<Record<string, number>> {
  const rng = randomSource(seed);
  const plan = planArticles(rng, sizes, SEED_END);
  const rows = new DatasetRows(rng, sizes, plan, SEED_END);
  const written: Record<string, number> = {};
  const write = async <E extends ObjectLiteral>(entity: EntityTarget<E>, total: number, source: Iterable<Row<E>>) => {
    const table = seedTable(dataSource, entity);
    written[table.name] = await writeTable(writer, table, total, source);
  };

  await write(UserEntity, sizes.users, rows.users(passwordHash));
  await write(TagEntity, sizes.tags, rows.tags());
  await write(ArticleEntity, sizes.articles, rows.articles());
  await write(ArticleTagEntity, plan.articleTags.length / 2, rows.articleTags());
  await write(FavoriteEntity, sizes.favorites, rows.favorites());
  await write(FollowEntity, sizes.follows, rows.follows(planFollows(rng, sizes)));
  await write(CommentEntity, sizes.comments, rows.comments());

  // The migration created the site counter at 0.
  const counters = seedTable(dataSource, CounterEntity);
  await writer.truncate([counters.name]);
  await writer.insert(counters.name, counters.columns, [
    counters.values({ name: ARTICLES_COUNTER, value: sizes.articles }),
  ]);
  written[counters.name] = 1;
  return written;
}
