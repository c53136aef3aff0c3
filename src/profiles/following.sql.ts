/**
 * SQL for "does :viewerId follow the user whose id is in `userIdColumn`?": a probe of the follows
 * primary key, selected beside any row that names an author.
 */
export const followingExpression = (userIdColumn: string, viewerParam = ':viewerId'): string =>
  `EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = ${viewerParam} AND fo.followee_id = ${userIdColumn})`;
