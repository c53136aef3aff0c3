import { chooseFeedPlan, FEED_SCAN_MIN_SHARE, scanIsComplete } from './feed-plan';

describe('chooseFeedPlan', () => {
  const page = { limit: 20, offset: 0 };

  it('should read nothing when the reader follows no writer or the page is past the end', () => {
    expect(chooseFeedPlan(0, 1000, page)).toEqual({ kind: 'empty' });
    expect(chooseFeedPlan(30, 1000, { limit: 20, offset: 30 })).toEqual({ kind: 'empty' });
  });

  it('should scan the newest articles when the followed authors wrote a large share of them', () => {
    // Half of 100,000 articles: a page of 20 needs about 40 index entries, 400 with the slack.
    expect(chooseFeedPlan(50_000, 100_000, page)).toEqual({ kind: 'scan', window: 400 });
  });

  it('should sort when the followed authors wrote too small a share for a scan', () => {
    const count = Math.floor(100_000 * FEED_SCAN_MIN_SHARE) - 1;
    expect(chooseFeedPlan(count, 100_000, page)).toEqual({ kind: 'sort' });
  });

  it('should sort when the window would read more entries than the feed has rows', () => {
    // 5% share: 20 / 0.05 * 10 = 4,000 entries, more than the 500 articles to sort.
    expect(chooseFeedPlan(500, 10_000, page)).toEqual({ kind: 'sort' });
  });

  it('should widen the window with the offset', () => {
    const plan = chooseFeedPlan(50_000, 100_000, { limit: 20, offset: 980 });
    expect(plan).toEqual({ kind: 'scan', window: 20_000 });
  });

  it('should never scan with an unknown total', () => {
    expect(chooseFeedPlan(10, 0, page)).toEqual({ kind: 'sort' });
  });
});

describe('scanIsComplete', () => {
  const page = { limit: 20, offset: 40 };

  it('should accept a full page or one that reaches the end of the feed', () => {
    expect(scanIsComplete(20, 1000, page)).toBe(true);
    expect(scanIsComplete(5, 45, page)).toBe(true);
  });

  it('should refuse a page the window cut short', () => {
    expect(scanIsComplete(5, 1000, page)).toBe(false);
  });
});
