import { Transaction } from '../database/database';
import { toCount } from '../database/dialect/values';
import {
  ARTICLE_TAGS,
  LINK_TAGS,
  tagParameters,
  UNCOUNT_TAGS,
  UNLINK_TAGS,
  upsertTagsStatement,
} from './queries/tag-write.statements';

/**
 * Creates missing tags and counts the article in each with one upsert, which takes each tag row's
 * exclusive lock in turn, in the database's order of the names (utf8mb4_bin: code points), so two
 * articles with common tags lock them in the same order; a locking read first (a shared lock,
 * upgraded for the count) would let two writers with a common tag deadlock. Then links them to the
 * article in one INSERT … SELECT, which reads rows this transaction has locked already (the
 * article's and the tags'), so it takes no new lock.
 */
export async function addTags(tx: Transaction, articleId: number, tagList: string[]): Promise<void> {
  const names = byCodePoint(tagList);
  if (names.length === 0) {
    return;
  }
  await tx.run(upsertTagsStatement(names.length), tagParameters(names));
  await tx.run(LINK_TAGS, { names, articleId });
}

/** Replaces the article's tags with `names`: unlinks and uncounts the removed ones, adds the new ones. */
export async function replaceTags(tx: Transaction, articleId: number, names: string[]): Promise<void> {
  const current = await tx.rows(ARTICLE_TAGS, { articleId });
  const tagIds = current.filter((tag) => !names.includes(tag.name)).map((tag) => toCount(tag.tagId));
  const added = names.filter((name) => !current.some((tag) => tag.name === name));
  if (tagIds.length > 0) {
    await tx.run(UNLINK_TAGS, { articleId, tagIds });
    await tx.run(UNCOUNT_TAGS, { tagIds });
  }
  await addTags(tx, articleId, added);
}

/**
 * Tag names without repeats, in the order of utf8mb4_bin (code points, which UTF-8's bytes keep;
 * JavaScript's sort compares UTF-16 units and differs from it past U+FFFF).
 */
export function byCodePoint(names: string[]): string[] {
  return [...new Set(names)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
