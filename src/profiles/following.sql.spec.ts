import { followingExpression } from './following.sql';

describe('followingExpression', () => {
  it('should probe the follows key with the viewer placeholder and the given author column', () => {
    expect(followingExpression('c.author_id')).toBe(
      'EXISTS (SELECT 1 FROM follows fo WHERE fo.follower_id = :viewerId AND fo.followee_id = c.author_id)',
    );
  });

  it('should take another placeholder for the viewer when given one', () => {
    expect(followingExpression('u.id', ':reader')).toContain('fo.follower_id = :reader AND');
  });
});
