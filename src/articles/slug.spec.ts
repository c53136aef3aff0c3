import { makeSlug, slugBase, slugSuffix } from './slug';

describe(slugBase.name, () => {
  it.each([
    ['How to train your dragon', 'how-to-train-your-dragon'],
    ['  Hello,   World!!  ', 'hello-world'],
    ['Crème brûlée à la française', 'creme-brulee-a-la-francaise'],
    ['C++ & Node.js 20', 'c-node-js-20'],
    ['🐉🐉🐉', 'article'],
    ['Привет мир', 'article'],
    ['---', 'article'],
  ])('should turn %j into %j', (title, slug) => {
    expect(slugBase(title)).toBe(slug);
  });

  it('should keep long titles to 100 characters without a trailing dash', () => {
    const slug = slugBase(`${'a'.repeat(99)} bcd`);

    expect(slug).toBe('a'.repeat(99));
  });
});

describe(makeSlug.name, () => {
  it('should add a six-character lowercase suffix', () => {
    expect(makeSlug('How to train your dragon')).toMatch(/^how-to-train-your-dragon-[a-z0-9]{6}$/);
  });

  it('should give different slugs to the same title', () => {
    const slugs = new Set(Array.from({ length: 200 }, () => makeSlug('Same title')));

    expect(slugs.size).toBe(200);
  });

  it('should use the suffix given instead of a random one', () => {
    expect(makeSlug('How to train your dragon', '00002s')).toBe('how-to-train-your-dragon-00002s');
  });

  it('should draw the suffix from letters and digits only', () => {
    expect(slugSuffix(50)).toMatch(/^[a-z0-9]{50}$/);
  });
});
