import { statement } from '../database/dialect/statement';
import { followingExpression } from '../profiles/following.sql';

/** A comment and its author's public columns, as both drivers answer them. */
export interface CommentRaw {
  id: number | string;
  body: string;
  createdAt: Date | string;
  updatedAt: Date | string;
  username: string;
  bio: string | null;
  image: string | null;
  /** 0 or 1. */
  following: number | string;
}

export interface CommentIdRaw {
  id: number | string;
}

export interface CommentKeyRaw {
  id: number | string;
  articleId: number | string;
  authorId: number | string;
}

export const INSERT_COMMENT = statement<{ articleId: number; authorId: number; body: string; now: Date }>(
  'CommentsRepository.create',
  () => `
    INSERT INTO comments (article_id, author_id, body, created_at, updated_at)
    VALUES (:articleId, :authorId, :body, :now, :now)
  `,
);

export const COMMENT_KEY = statement<{ id: number; articleId: number }, CommentKeyRaw>(
  'CommentsRepository.findKey',
  () => `
    SELECT c.id AS id, c.article_id AS articleId, c.author_id AS authorId
    FROM comments c
    WHERE c.id = :id AND c.article_id = :articleId
    LIMIT 1
  `,
);

export const DELETE_COMMENT = statement<{ id: number }>(
  'CommentsRepository.delete',
  () => `
    DELETE FROM comments
    WHERE id = :id
  `,
);

/** LIMIT and OFFSET are placeholders: one SQL text for every page. */
export const COMMENT_IDS_PAGE = statement<{ articleId: number; limit: number; offset: number }, CommentIdRaw>(
  'CommentsRepository.list: a page of ids, newest first',
  () => `
    SELECT c.id AS id
    FROM comments c
    WHERE c.article_id = :articleId
    ORDER BY c.created_at DESC, c.id DESC
    LIMIT :limit OFFSET :offset
  `,
);

const commentsById = (following: string): string => `
  SELECT c.id AS id, c.body AS body, c.created_at AS createdAt, c.updated_at AS updatedAt,
    u.username AS username, u.bio AS bio, u.image AS image, ${following} AS following
  FROM comments c
  INNER JOIN users u ON u.id = c.author_id
  WHERE c.id IN (:...ids)
`;

export const COMMENTS_BY_ID = statement<{ ids: number[] }, CommentRaw>(
  'CommentsRepository.list and findById: the comments by id, anonymous',
  () => commentsById('0'),
);

export const COMMENTS_BY_ID_FOR_VIEWER = statement<{ ids: number[]; viewerId: number }, CommentRaw>(
  'CommentsRepository.list and findById: the comments by id, for a viewer',
  () => commentsById(followingExpression('c.author_id')),
);
