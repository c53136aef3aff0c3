import {
  chooseFeedPlan,
  FEED_RECENT_MAX_AUTHORS,
  FEED_SCAN_MIN_SHARE,
  feedCount,
  Followee,
  pageIsComplete,
  recentAuthors,
} from './feed-plan';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 1);

/** `n` authors with ids from `first`, `articles` each, the k-th one's newest article k days ago. */
const authors = (n: number, articles: number, first = 1): Followee[] =>
  Array.from({ length: n }, (_, k) => ({ id: first + k, articles, lastArticleAt: new Date(NOW - k * DAY) }));

describe('chooseFeedPlan', () => {
  const page = { limit: 20, offset: 0 };

  it('should read nothing when the reader follows no writer or the page is past the end', () => {
    expect(chooseFeedPlan([], 1000, page)).toEqual({ kind: 'empty' });
    expect(chooseFeedPlan([{ id: 1, articles: 0, lastArticleAt: null }], 1000, page)).toEqual({ kind: 'empty' });
    expect(chooseFeedPlan(authors(3, 10), 1000, { limit: 20, offset: 30 })).toEqual({ kind: 'empty' });
  });

  it('should read the recent authors when at least a page of followed authors wrote something', () => {
    const plan = chooseFeedPlan(authors(500, 10), 1_000_000, page);

    // The 20th newest author's newest article is 19 days old: the 20 authors since then wrote at least 20.
    expect(plan).toEqual({
      kind: 'recent',
      since: new Date(NOW - 19 * DAY),
      authorIds: Array.from({ length: 20 }, (_, k) => k + 1),
    });
  });

  it('should choose the recent plan whatever the share of all articles the followed authors wrote', () => {
    expect(chooseFeedPlan(authors(30, 1000), 60_000, page).kind).toBe('recent');
    expect(chooseFeedPlan(authors(30, 1), 100_000_000, page).kind).toBe('recent');
  });

  it('should scan the newest articles when too few authors wrote something and they wrote a large share', () => {
    // 5 authors, half of 100,000 articles: a page of 20 needs about 40 index entries, 400 with the slack.
    expect(chooseFeedPlan(authors(5, 10_000), 100_000, page)).toEqual({ kind: 'scan', window: 400 });
  });

  it('should sort when too few authors wrote something and their share is too small for a scan', () => {
    const articles = Math.floor((100_000 * FEED_SCAN_MIN_SHARE) / 5) - 1;
    expect(chooseFeedPlan(authors(5, articles), 100_000, page)).toEqual({ kind: 'sort' });
  });

  it('should sort when the window would read more entries than the feed has rows', () => {
    // 5% share: 20 / 0.05 * 10 = 4,000 entries, more than the 500 articles to sort.
    expect(chooseFeedPlan(authors(5, 100), 10_000, page)).toEqual({ kind: 'sort' });
  });

  it('should widen the scan with the offset, past the authors the recent plan can list', () => {
    const plan = chooseFeedPlan(authors(50, 1000), 100_000, { limit: 20, offset: 980 });
    expect(plan).toEqual({ kind: 'scan', window: 20_000 });
  });

  it('should never scan with an unknown total', () => {
    expect(chooseFeedPlan(authors(5, 2), 0, page)).toEqual({ kind: 'sort' });
  });

  it('should not trust the recent plan when an author who wrote something has no newest time', () => {
    const followees = [...authors(40, 10), { id: 99, articles: 3, lastArticleAt: null }];
    expect(chooseFeedPlan(followees, 1_000_000, page)).toEqual({ kind: 'sort' });
  });
});

describe('recentAuthors', () => {
  it('should list every author whose newest article is as recent as the need-th newest, ties too', () => {
    const tied = [
      ...authors(3, 5),
      { id: 10, articles: 1, lastArticleAt: new Date(NOW - 2 * DAY) },
      { id: 11, articles: 1, lastArticleAt: new Date(NOW - 9 * DAY) },
    ];

    expect(recentAuthors(tied, 3)).toEqual({ since: new Date(NOW - 2 * DAY), authorIds: [1, 2, 3, 10] });
  });

  it('should leave out the authors who wrote nothing', () => {
    const followees = [{ id: 7, articles: 0, lastArticleAt: null }, ...authors(2, 1)];

    expect(recentAuthors(followees, 2)).toEqual({ since: new Date(NOW - DAY), authorIds: [1, 2] });
    expect(recentAuthors(followees, 3)).toBeUndefined();
  });

  it(`should give up past ${FEED_RECENT_MAX_AUTHORS} authors, however they come`, () => {
    const many = authors(FEED_RECENT_MAX_AUTHORS + 10, 1);
    const allTied = many.map((author) => ({ ...author, lastArticleAt: new Date(NOW) }));

    expect(recentAuthors(many, FEED_RECENT_MAX_AUTHORS)?.authorIds).toHaveLength(FEED_RECENT_MAX_AUTHORS);
    expect(recentAuthors(many, FEED_RECENT_MAX_AUTHORS + 1)).toBeUndefined();
    expect(recentAuthors(allTied, 20)).toBeUndefined();
  });
});

describe('feedCount', () => {
  it('should add the followed authors’ counters', () => {
    expect(feedCount([...authors(3, 4), { id: 9, articles: 0, lastArticleAt: null }])).toBe(12);
  });
});

describe('pageIsComplete', () => {
  const page = { limit: 20, offset: 40 };

  it('should accept a full page or one that reaches the end of the feed', () => {
    expect(pageIsComplete(20, 1000, page)).toBe(true);
    expect(pageIsComplete(5, 45, page)).toBe(true);
  });

  it('should refuse a page that its part of the feed cut short', () => {
    expect(pageIsComplete(5, 1000, page)).toBe(false);
  });
});
