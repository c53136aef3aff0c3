import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { TokenError } from '../common/errors/api-errors';
import { forUpdate, isSqlite, runInTransaction } from '../common/database/transaction';
import { insertedId, toBoolean, toDate } from '../common/database/raw';
import { StatementCache } from '../common/database/statement-cache';
import { uniqueViolation } from '../common/database/unique-violation';
import { Page } from '../common/pagination/page-query.dto';
import { FollowEntity } from '../profiles/follow.entity';
import { followingExpression } from '../profiles/profiles.repository';
import { ArticleTagEntity } from '../tags/article-tag.entity';
import { TagEntity } from '../tags/tag.entity';
import { UserEntity } from '../users/user.entity';
import { ArticleRow, ArticleWithBodyRow } from './article.dto';
import { ArticleEntity } from './article.entity';
import { ARTICLES_COUNTER, CounterEntity } from './counter.entity';
import { FavoriteEntity } from './favorite.entity';

export interface ArticleFilter {
  tag?: string;
  author?: string;
  favorited?: string;
}

export interface ArticleKey {
  id: number;
  authorId: number;
  title: string;
  createdAt: Date;
}

export interface NewArticleRow {
  slug: string;
  title: string;
  description: string;
  body: string;
  tagList: string[];
}

export type ArticleChanges = Partial<Pick<ArticleEntity, 'slug' | 'title' | 'description' | 'body'>>;

/** Another article already has this slug (the unique index said so). */
export class DuplicateSlugError extends Error {}

/** The favorite or unfavorite found the article gone (deleted meanwhile). */
export class ArticleGoneError extends Error {}

/** Rolls back favorite()'s counters when the favorite exists already. */
class AlreadyFavorited extends Error {}

/** ArticleFilter with names as the unique indexes hold them: tags and username keys in lower case (list() makes them). */
type FilterKeys = ArticleFilter;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- raw-column queries over whichever tables drive them
type RawQuery = SelectQueryBuilder<any>;

/** A page's ids (selecting `id` and `sort_time`): a query builder, or SQL written out with its parameters. */
type PageIds = RawQuery | { sql: string; parameters: ObjectLiteral };

/** Below this share of all articles, a newest-first scan could read far too many before a page is full. */
const FEED_SCAN_MIN_SHARE = 0.01;
/** How many times the predicted number of newest articles the feed's scan may read before giving up. */
const FEED_SCAN_SLACK = 10;
/** Older than any article: the window's lower bound when the window is larger than the table. */
const EPOCH = '1970-01-01 00:00:00.000';

/**
 * Every article query. A page of a list is one statement: a derived table picks the page of ids from
 * a covering index (so a deep offset walks index entries only), and the outer query joins those rows
 * with their author, `favorited`, `following` and tags (a JSON array from a correlated subquery): a
 * page of 1 and a page of 100 cost the same statement. The filters' names are looked up inside it,
 * and its total comes with it, from counters kept in the same transactions as the rows they count
 * (an empty page asks for its total in a second statement).
 *
 * Writes that touch several tables run in one transaction. Each updates (and so locks) the rows it
 * will change before inserting rows whose foreign-key checks would share-lock them: two such inserts
 * then never wait on each other's shared locks. Favorites and unfavorites lock the user's row first, so
 * one user's run one at a time. A deadlock that remains (say, a delete racing a favorite of the same
 * article) makes MySQL roll one back, and runInTransaction runs it again.
 */
@Injectable()
export class ArticlesRepository {
  private readonly statements: StatementCache;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.statements = new StatementCache(dataSource);
  }

  async findKeyBySlug(slug: string): Promise<ArticleKey | null> {
    const [raw] = await this.statements.rows<{ id: number; authorId: number; title: string; createdAt: Date | string }>(
      'key by slug',
      () =>
        this.dataSource
          .createQueryBuilder()
          .select('a.id', 'id')
          .addSelect('a.author_id', 'authorId')
          .addSelect('a.title', 'title')
          .addSelect('a.created_at', 'createdAt')
          .from(ArticleEntity, 'a')
          .where('a.slug = :slug'),
      { slug },
    );
    return raw
      ? { id: Number(raw.id), authorId: Number(raw.authorId), title: raw.title, createdAt: toDate(raw.createdAt) }
      : null;
  }

  /** The article with its body and tags, as `viewerId` sees it: one statement. */
  findById(id: number, viewerId?: number): Promise<ArticleWithBodyRow | null> {
    return this.loadOne('id', id, viewerId);
  }

  findBySlug(slug: string, viewerId?: number): Promise<ArticleWithBodyRow | null> {
    return this.loadOne('slug', slug, viewerId);
  }

  /**
   * A page of the articles matching the filters, with their total in every row (an uncorrelated
   * subquery, which the database runs once): one statement. An empty page (past the end, or a name
   * that matches nothing) asks for its total alone. Joining the page to a one-row table of the total
   * instead would bring it even then, but MariaDB then sorts the page's joined rows in a temporary
   * table: 4 temporary tables per statement instead of 1, 20% slower in a loop of 500.
   */
  async list(filter: ArticleFilter, page: Page, viewerId?: number): Promise<{ rows: ArticleRow[]; count: number }> {
    const keys: FilterKeys = {
      tag: filter.tag?.toLowerCase(),
      author: filter.author?.toLowerCase(),
      favorited: filter.favorited?.toLowerCase(),
    };
    // The statement's shape: which filters are given, and whether a viewer's flags are read.
    const shape = `list by ${Object.entries(keys)
      .filter(([, value]) => value !== undefined)
      .map(([name]) => name)
      .join(', ')}${viewerId ? ', for a viewer' : ''}`;
    const raws = await this.statements.rows<Record<string, unknown>>(
      shape,
      () => {
        const { query, order } = this.matching(keys);
        return this.pageQuery(this.pageOfIds(query, order), viewerId).addSelect(`(${this.totalOf(keys).sql})`, 'total');
      },
      { ...keys, counter: ARTICLES_COUNTER, viewerId: viewerId ?? 0, limit: page.limit, offset: page.offset },
    );
    if (raws.length === 0) {
      return { rows: [], count: await this.totalAlone(this.totalOf(keys)) };
    }
    return { rows: raws.map((raw) => toArticleRow(raw)), count: Number(raws[0].total ?? 0) };
  }

  /**
   * Articles by the authors `userId` follows, newest first; the total sums the authors' counters.
   *
   * Two plans, chosen by the share of all articles the followed authors wrote (both counters, one
   * statement). Following prolific authors, the newest articles are read in index order and kept
   * when their author is followed: about `(offset + limit) / share` index entries. Following a few
   * quiet ones, their articles are gathered through (author_id, created_at, id) and sorted: `count`
   * rows. The cheaper one runs; the first used to sort 100,000 rows to show 20.
   */
  async feed(userId: number, page: Page): Promise<{ rows: ArticleRow[]; count: number }> {
    const [totals] = await this.statements.rows<{ count: number | string; total: number | string | null }>(
      'feed totals',
      () =>
        this.dataSource
          .createQueryBuilder()
          .select('COALESCE(SUM(u.articles_count), 0)', 'count')
          .addSelect((sub) => sub.select('c.value').from(CounterEntity, 'c').where('c.name = :counter'), 'total')
          .from(FollowEntity, 'fo')
          .innerJoin(UserEntity, 'u', 'u.id = fo.followee_id')
          .where('fo.follower_id = :userId'),
      { counter: ARTICLES_COUNTER, userId },
    );
    const count = Number(totals?.count ?? 0);
    const total = Number(totals?.total ?? 0);
    if (count === 0 || page.offset >= count) {
      return { rows: [], count };
    }
    const share = total > 0 ? count / total : 0;
    // The scan may read `window` index entries, the sort reads `count` rows: the scan only when smaller.
    const window = share > 0 ? Math.ceil(((page.offset + page.limit) / share) * FEED_SCAN_SLACK) : Infinity;
    const scanNewest = share >= FEED_SCAN_MIN_SHARE && window < count;
    const scanned = scanNewest ? await this.newestFollowed(userId, page, window) : undefined;
    // The window cut the page short (the followed authors wrote little lately): the sorted plan.
    const complete = scanned && (scanned.length === page.limit || page.offset + scanned.length >= count);
    return { rows: complete ? scanned : await this.followedSorted(userId, page), count };
  }

  /**
   * The feed's page read newest-first from (created_at, id), keeping followed authors' articles,
   * within the `window` newest articles (a range whose lower bound is computed once, in a one-row
   * derived table). The caller falls back to the sorted plan when the window cut the page short, so
   * a feed never costs more than twice the sort.
   */
  private newestFollowed(userId: number, page: Page, window: number): Promise<ArticleRow[]> {
    const hint = isSqlite(this.dataSource) ? 'INDEXED BY IDX_articles_created' : 'FORCE INDEX (IDX_articles_created)';
    const ids = `SELECT s.id AS id, s.created_at AS sort_time
       FROM (SELECT COALESCE(
               (SELECT w.created_at FROM articles w ORDER BY w.created_at DESC, w.id DESC LIMIT 1 OFFSET :windowEnd),
               :epoch
             ) AS cutoff) win
       INNER JOIN articles s ${hint} ON s.created_at >= win.cutoff
       WHERE EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :userId AND fo.followee_id = s.author_id)
       ORDER BY s.created_at DESC, s.id DESC LIMIT :limit OFFSET :offset`;
    const parameters = { windowEnd: window - 1, epoch: EPOCH, userId, limit: page.limit, offset: page.offset };
    return this.pageRows('feed, newest first', () => ({ sql: ids, parameters: {} }), parameters, userId);
  }

  /** The feed's page from the followed authors' articles, gathered through (author_id, created_at, id) and sorted. */
  private followedSorted(userId: number, page: Page): Promise<ArticleRow[]> {
    const matching = () =>
      this.dataSource
        .createQueryBuilder()
        .select('fa.id', 'id')
        .from(FollowEntity, 'fo')
        .innerJoin(ArticleEntity, 'fa', 'fa.author_id = fo.followee_id')
        .where('fo.follower_id = :userId');
    return this.pageRows(
      'feed, sorted',
      () => this.pageOfIds(matching(), ['fa.created_at', 'fa.id']),
      { userId, limit: page.limit, offset: page.offset },
      userId,
    );
  }

  /** Inserts the article, its tags and every counter in one transaction; returns the new id. */
  async create(authorId: number, input: NewArticleRow): Promise<number> {
    return this.rejectDuplicateSlug(() =>
      runInTransaction(this.dataSource, async (manager) => {
        const now = new Date();
        const { affected } = await manager.increment(UserEntity, { id: authorId }, 'articlesCount', 1);
        if (!affected) {
          throw new TokenError('user-gone');
        }
        // updateEntity(false): otherwise TypeORM reads the new row back for its columns with defaults.
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(ArticleEntity)
          .values({
            slug: input.slug,
            title: input.title,
            description: input.description,
            body: input.body,
            authorId,
            favoritesCount: 0,
            createdAt: now,
            updatedAt: now,
          })
          .updateEntity(false)
          .execute();
        const id = insertedId(inserted);
        await this.addTags(manager, id, input.tagList);
        // The site-wide counter is every creation's hot row: updated last, its lock is held only
        // until the commit that follows.
        await manager.increment(CounterEntity, { name: ARTICLES_COUNTER }, 'value', 1);
        return id;
      }),
    );
  }

  /** Changes the given fields and, when `tagList` is given, replaces the tags. False when the article is gone. */
  async update(id: number, changes: ArticleChanges, tagList?: string[]): Promise<boolean> {
    return this.rejectDuplicateSlug(() =>
      runInTransaction(this.dataSource, async (manager) => {
        const article = await this.lockArticle(manager, id);
        if (!article) {
          return false;
        }
        await manager.update(ArticleEntity, { id }, { ...changes, updatedAt: new Date() });
        if (tagList) {
          await this.replaceTags(manager, article, tagList);
        }
        return true;
      }),
    );
  }

  /** Deletes the article with its favorites, tags and comments, and corrects every counter. */
  async delete(id: number): Promise<boolean> {
    return runInTransaction(this.dataSource, async (manager) => {
      const article = await this.lockArticle(manager, id);
      if (!article) {
        return false;
      }
      // The author before the tags, as create() locks them.
      await manager.decrement(UserEntity, { id: article.authorId }, 'articlesCount', 1);
      await manager
        .createQueryBuilder()
        .update(UserEntity)
        .set({ favoritesCount: () => 'favorites_count - 1' })
        .where('id IN (SELECT f.user_id FROM favorites f WHERE f.article_id = :id)', { id })
        .execute();
      await this.countInTags(
        manager,
        -1,
        'id IN (SELECT art.tag_id FROM article_tags art WHERE art.article_id = :id)',
        {
          id,
        },
      );
      await manager.decrement(CounterEntity, { name: ARTICLES_COUNTER }, 'value', 1);
      await manager.delete(ArticleEntity, { id });
      return true;
    });
  }

  /**
   * Idempotent. On MySQL/MariaDB: the user's and the article's counters are moved first (locking both
   * rows, the user's first, so one user's favorites run one at a time; the article's before the insert,
   * whose foreign-key check would otherwise take a shared lock that two favoriters could not both
   * upgrade), then the row is inserted; a favorite that exists already fails on the primary key and
   * the transaction is rolled back. Three statements for a new favorite. On SQLite, transactions
   * already run one at a time, and its one connection is shared with statements outside them, which a
   * rollback would take with it: it checks first, and a repeat changes nothing.
   */
  async favorite(userId: number, article: ArticleKey): Promise<void> {
    try {
      await runInTransaction(this.dataSource, async (manager) => {
        if (isSqlite(this.dataSource) && (await this.hasFavorite(manager, userId, article.id))) {
          return;
        }
        const { affected: user } = await manager.increment(UserEntity, { id: userId }, 'favoritesCount', 1);
        if (!user) {
          throw new TokenError('user-gone');
        }
        const { affected } = await manager.increment(ArticleEntity, { id: article.id }, 'favoritesCount', 1);
        if (!affected) {
          throw new ArticleGoneError();
        }
        try {
          await manager.insert(FavoriteEntity, {
            userId,
            articleId: article.id,
            articleCreatedAt: article.createdAt,
            createdAt: new Date(),
          });
        } catch (error) {
          throw uniqueViolation(error) === undefined ? error : new AlreadyFavorited();
        }
      });
    } catch (error) {
      if (!(error instanceof AlreadyFavorited)) {
        throw error;
      }
    }
  }

  /** Idempotent: the user's row first, like favorite(), then the favorite; nothing deleted, nothing changes. */
  async unfavorite(userId: number, articleId: number): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      await this.lockUser(manager, userId);
      const { affected } = await manager.delete(FavoriteEntity, { userId, articleId });
      if (!affected) {
        return;
      }
      await manager.decrement(ArticleEntity, { id: articleId }, 'favoritesCount', 1);
      await manager.decrement(UserEntity, { id: userId }, 'favoritesCount', 1);
    });
  }

  /**
   * The ids matching the filters, driven by the most selective covering index: a user's favorites
   * (user_id, article_created_at, article_id), a tag's articles (tag_id, article_created_at,
   * article_id), an author's articles (author_id, created_at, id) or all articles (created_at, id).
   * A name is joined by its unique index, so the database reads that one row before the plan (a
   * const table to MariaDB, a one-row loop to SQLite) and the index's order still serves the sort.
   */
  private matching(keys: FilterKeys): { query: RawQuery; order: [string, string] } {
    const query = this.dataSource.createQueryBuilder();
    const byTag = 'ft.id = art.tag_id AND ft.name = :tag';
    const andByAuthor = (articleId: string) =>
      query
        .innerJoin(ArticleEntity, 'a', `a.id = ${articleId}`)
        .innerJoin(UserEntity, 'au', 'au.id = a.author_id AND au.username_key = :author', keys);
    if (keys.favorited !== undefined) {
      query
        .select('f.article_id', 'id')
        .from(UserEntity, 'fu')
        .innerJoin(FavoriteEntity, 'f', 'f.user_id = fu.id')
        .where('fu.username_key = :favorited', keys);
      if (keys.tag !== undefined) {
        query
          .innerJoin(ArticleTagEntity, 'art', 'art.article_id = f.article_id')
          .innerJoin(TagEntity, 'ft', byTag, keys);
      }
      if (keys.author !== undefined) {
        andByAuthor('f.article_id');
      }
      return { query, order: ['f.article_created_at', 'f.article_id'] };
    }
    if (keys.tag !== undefined) {
      query
        .select('art.article_id', 'id')
        .from(TagEntity, 'ft')
        .innerJoin(ArticleTagEntity, 'art', 'art.tag_id = ft.id')
        .where('ft.name = :tag', keys);
      if (keys.author !== undefined) {
        andByAuthor('art.article_id');
      }
      return { query, order: ['art.article_created_at', 'art.article_id'] };
    }
    if (keys.author !== undefined) {
      query
        .select('a.id', 'id')
        .from(UserEntity, 'au')
        .innerJoin(ArticleEntity, 'a', 'a.author_id = au.id')
        .where('au.username_key = :author', keys);
      return { query, order: ['a.created_at', 'a.id'] };
    }
    query.select('a.id', 'id').from(ArticleEntity, 'a');
    return { query, order: ['a.created_at', 'a.id'] };
  }

  /**
   * The total of a list, as SQL: the one counter that holds it (the site's, the tag's, the author's
   * articles or the user's favorites; NULL for an unknown name), or a COUNT over the driving index
   * when two or more filters combine.
   */
  private totalOf(keys: FilterKeys): { sql: string; parameters: ObjectLiteral } {
    const filters = [keys.tag, keys.author, keys.favorited].filter((key) => key !== undefined).length;
    if (filters > 1) {
      const { query } = this.matching(keys);
      return { sql: query.select('COUNT(*)').getQuery(), parameters: query.getParameters() };
    }
    const counter = (sql: string) => ({ sql, parameters: { ...keys, counter: ARTICLES_COUNTER } });
    if (keys.tag !== undefined) {
      return counter('SELECT ct.articles_count FROM tags ct WHERE ct.name = :tag');
    }
    if (keys.author !== undefined) {
      return counter('SELECT cu.articles_count FROM users cu WHERE cu.username_key = :author');
    }
    if (keys.favorited !== undefined) {
      return counter('SELECT cu.favorites_count FROM users cu WHERE cu.username_key = :favorited');
    }
    return counter('SELECT cc.value FROM counters cc WHERE cc.name = :counter');
  }

  /** A list's total without its page (a query builder's SELECT, so that it reads where the page would). */
  private async totalAlone(total: { sql: string; parameters: ObjectLiteral }): Promise<number> {
    const raw = await this.dataSource
      .createQueryBuilder()
      .select(`(${total.sql})`, 'total')
      .from('(SELECT 1 AS one)', 'one')
      .setParameters(total.parameters)
      .getRawOne<{ total: number | string | null }>();
    return Number(raw?.total ?? 0);
  }

  /**
   * `ids` (selecting `id`) ordered newest first by the index's time and id columns, cut to the page by
   * the parameters `limit` and `offset` (placeholders, not numbers written into the SQL as the
   * builder's limit() does, so one kept SQL text serves every page).
   */
  private pageOfIds(ids: RawQuery, [time, id]: [string, string]): { sql: string; parameters: ObjectLiteral } {
    const ordered = ids.addSelect(time, 'sort_time').orderBy(time, 'DESC').addOrderBy(id, 'DESC');
    return { sql: `${ordered.getQuery()} LIMIT :limit OFFSET :offset`, parameters: ordered.getParameters() };
  }

  /**
   * The articles of a derived table `(… id, sort_time …)`, in one statement (see pageQuery), kept as
   * `shape`; `parameters` binds the page's and the viewer's placeholders.
   */
  private async pageRows(
    shape: string,
    ids: () => PageIds,
    parameters: ObjectLiteral,
    viewerId: number,
  ): Promise<ArticleRow[]> {
    const raws = await this.statements.rows<Record<string, unknown>>(shape, () => this.pageQuery(ids(), viewerId), {
      ...parameters,
      viewerId,
    });
    return raws.map((raw) => toArticleRow(raw));
  }

  /** The articles of a derived table `(… id, sort_time …)`, in its order, as `viewerId` sees them. */
  private pageQuery(ids: PageIds, viewerId?: number): RawQuery {
    const page = 'sql' in ids ? ids : { sql: ids.getQuery(), parameters: ids.getParameters() };
    return this.articleColumns(viewerId, false)
      .from(`(${page.sql})`, 'page')
      .innerJoin(ArticleEntity, 'a', 'a.id = page.id')
      .innerJoin(UserEntity, 'u', 'u.id = a.author_id')
      .setParameters(page.parameters)
      .orderBy('page.sort_time', 'DESC')
      .addOrderBy('page.id', 'DESC');
  }

  private async loadOne(
    by: 'id' | 'slug',
    value: number | string,
    viewerId?: number,
  ): Promise<ArticleWithBodyRow | null> {
    const [raw] = await this.statements.rows<Record<string, unknown>>(
      `article by ${by}${viewerId ? ', for a viewer' : ''}`,
      () =>
        this.articleColumns(viewerId, true)
          .from(ArticleEntity, 'a')
          .innerJoin(UserEntity, 'u', 'u.id = a.author_id')
          .where(`a.${by} = :${by}`),
      { [by]: value, viewerId: viewerId ?? 0 },
    );
    return raw ? { ...toArticleRow(raw), body: String(raw.body) } : null;
  }

  /**
   * What a response shows of an article `a` and its author `u`, as `viewerId` sees it; the tags are
   * a JSON array built by a correlated subquery on the article_tags primary key.
   */
  private articleColumns(viewerId: number | undefined, withBody: boolean): RawQuery {
    const aggregate = isSqlite(this.dataSource) ? 'json_group_array(t.name)' : 'JSON_ARRAYAGG(t.name)';
    const query = this.dataSource
      .createQueryBuilder()
      .select('a.id', 'id')
      .addSelect('a.slug', 'slug')
      .addSelect('a.title', 'title')
      .addSelect('a.description', 'description')
      .addSelect('a.favorites_count', 'favoritesCount')
      .addSelect('a.created_at', 'createdAt')
      .addSelect('a.updated_at', 'updatedAt')
      .addSelect(
        `(SELECT ${aggregate} FROM article_tags tg INNER JOIN tags t ON t.id = tg.tag_id WHERE tg.article_id = a.id)`,
        'tagList',
      )
      .addSelect('u.id', 'authorId')
      .addSelect('u.username', 'authorUsername')
      .addSelect('u.bio', 'authorBio')
      .addSelect('u.image', 'authorImage')
      .addSelect(
        viewerId ? 'EXISTS (SELECT 1 FROM favorites fv WHERE fv.user_id = :viewerId AND fv.article_id = a.id)' : '0',
        'favorited',
      )
      .addSelect(viewerId ? followingExpression('a.author_id') : '0', 'following')
      .setParameter('viewerId', viewerId ?? 0);
    return withBody ? query.addSelect('a.body', 'body') : query;
  }

  /** Locks the user's row; the token may name a user deleted since it was signed. */
  private async lockUser(manager: EntityManager, id: number): Promise<void> {
    const user = await forUpdate(
      manager.createQueryBuilder(UserEntity, 'u').select('u.id').where('u.id = :id', { id }),
    ).getOne();
    if (!user) {
      throw new TokenError('user-gone');
    }
  }

  private async lockArticle(manager: EntityManager, id: number): Promise<ArticleKey | null> {
    const article = await forUpdate(
      manager
        .createQueryBuilder(ArticleEntity, 'a')
        .select(['a.id', 'a.authorId', 'a.title', 'a.createdAt'])
        .where('a.id = :id', { id }),
    ).getOne();
    return article
      ? { id: article.id, authorId: article.authorId, title: article.title, createdAt: article.createdAt }
      : null;
  }

  private async hasFavorite(manager: EntityManager, userId: number, articleId: number): Promise<boolean> {
    return (await manager.countBy(FavoriteEntity, { userId, articleId })) > 0;
  }

  /**
   * Creates missing tags and counts the article in each with one upsert, which takes each tag row's
   * exclusive lock in turn, in the database's order of the names (utf8mb4_bin: code points), so two
   * articles with common tags lock them in the same order. A locking read first (a shared lock,
   * upgraded for the count) made two writers with a common tag deadlock. Then links them to the article
   * in one INSERT … SELECT, which reads rows this transaction has locked already (the article's and the
   * tags'), so it takes no new lock.
   */
  private async addTags(manager: EntityManager, articleId: number, tagList: string[]) {
    const names = byCodePoint(tagList);
    if (names.length === 0) {
      return;
    }
    const rows = names.map(() => '(?, 1)').join(', ');
    const onDuplicate = isSqlite(this.dataSource)
      ? 'ON CONFLICT (name) DO UPDATE SET articles_count = articles_count + 1'
      : 'ON DUPLICATE KEY UPDATE articles_count = articles_count + 1';
    await manager.query(`INSERT INTO tags (name, articles_count) VALUES ${rows} ${onDuplicate}`, names);
    await manager.query(
      `INSERT INTO article_tags (article_id, tag_id, article_created_at)
       SELECT a.id, t.id, a.created_at FROM articles a JOIN tags t ON t.name IN (${names.map(() => '?').join(', ')})
       WHERE a.id = ?`,
      [...names, articleId],
    );
  }

  private async replaceTags(manager: EntityManager, article: ArticleKey, names: string[]) {
    const current = await manager
      .createQueryBuilder(ArticleTagEntity, 'art')
      .innerJoin(TagEntity, 't', 't.id = art.tag_id')
      .select('art.tag_id', 'tagId')
      .addSelect('t.name', 'name')
      .where('art.article_id = :id', { id: article.id })
      .getRawMany<{ tagId: number | string; name: string }>();
    const removed = current.filter((tag) => !names.includes(tag.name)).map((tag) => Number(tag.tagId));
    const added = names.filter((name) => !current.some((tag) => tag.name === name));
    if (removed.length > 0) {
      await manager
        .createQueryBuilder()
        .delete()
        .from(ArticleTagEntity)
        .where('article_id = :id AND tag_id IN (:...removed)', { id: article.id, removed })
        .execute();
      await this.countInTags(manager, -1, 'id IN (:...removed)', { removed });
    }
    await this.addTags(manager, article.id, added);
  }

  /** Moves the article counter of the tags matching `where` by `delta` (atomically, in SQL). */
  private async countInTags(manager: EntityManager, delta: 1 | -1, where: string, parameters: Record<string, unknown>) {
    await manager
      .createQueryBuilder()
      .update(TagEntity)
      .set({ articlesCount: () => `articles_count ${delta > 0 ? '+' : '-'} 1` })
      .where(where, parameters)
      .execute();
  }

  private async rejectDuplicateSlug<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (uniqueViolation(error)?.includes('slug')) {
        throw new DuplicateSlugError();
      }
      throw error;
    }
  }
}

/** A row of articleColumns() as the service's ArticleRow. */
function toArticleRow(raw: Record<string, unknown>): ArticleRow {
  return {
    id: Number(raw.id),
    slug: String(raw.slug),
    title: String(raw.title),
    description: String(raw.description),
    tagList: jsonArray(raw.tagList),
    createdAt: toDate(raw.createdAt as Date | string),
    updatedAt: toDate(raw.updatedAt as Date | string),
    favorited: toBoolean(raw.favorited),
    favoritesCount: Number(raw.favoritesCount),
    author: {
      id: Number(raw.authorId),
      username: String(raw.authorUsername),
      bio: (raw.authorBio as string | null) ?? null,
      image: (raw.authorImage as string | null) ?? null,
      following: toBoolean(raw.following),
    },
  };
}

/** A JSON array aggregate: text from MariaDB and SQLite, parsed already by mysql2 from MySQL's JSON type, NULL over no rows. */
function jsonArray(value: unknown): string[] {
  if (value === null || value === undefined) {
    return [];
  }
  return (typeof value === 'string' ? JSON.parse(value) : value) as string[];
}

/**
 * Tag names without repeats, in the order of utf8mb4_bin (code points, which UTF-8's bytes keep;
 * JavaScript's sort compares UTF-16 units and differs from it past U+FFFF).
 */
function byCodePoint(names: string[]): string[] {
  return [...new Set(names)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}
