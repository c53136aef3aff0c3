import { FakeArticlesRepository } from '../../test/fakes/fake-articles.repository';
import { AlreadyTakenError, ForbiddenError, NotFoundError } from '../common/errors/api-errors';
import { DuplicateSlugError } from './article.types';
import { ArticlesService } from './articles.service';

const AUTHOR = 1;
const OTHER = 2;

describe(ArticlesService.name, () => {
  let repository: FakeArticlesRepository;
  let service: ArticlesService;

  beforeEach(() => {
    repository = new FakeArticlesRepository();
    const fake = repository as never;
    service = new ArticlesService(fake, fake, fake, fake);
  });

  const create = (title = 'How to train your dragon', tagList?: string[]) =>
    service.create(AUTHOR, { title, description: 'Ever wonder how?', body: 'You have to believe', tagList });

  describe('create', () => {
    it('should answer the new article with a slug from the title and sorted, unique tags', async () => {
      const { article } = await create('How to train your dragon', ['training', 'dragons', 'training']);

      expect(article).toEqual(
        expect.objectContaining({
          slug: expect.stringMatching(/^how-to-train-your-dragon-[a-z0-9]{6}$/),
          tagList: ['dragons', 'training'],
          favorited: false,
          favoritesCount: 0,
          body: 'You have to believe',
        }),
      );
      expect(article.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('should try another slug when the first one is taken', async () => {
      jest.spyOn(repository, 'create').mockRejectedValueOnce(new DuplicateSlugError());

      const { article } = await create();

      expect(article.slug).toMatch(/^how-to-train-your-dragon-[a-z0-9]{6}$/);
      expect(repository.rows).toHaveLength(1);
    });

    it('should give up after five clashing slugs with the slug already taken (409)', async () => {
      const attempts = jest.spyOn(repository, 'create').mockRejectedValue(new DuplicateSlugError());

      const attempt = create();

      await expect(attempt).rejects.toThrow(AlreadyTakenError);
      await expect(attempt).rejects.toMatchObject({ fields: ['slug'] });
      expect(attempts).toHaveBeenCalledTimes(5);
    });
  });

  describe('update', () => {
    it('should make a new slug when the title changes', async () => {
      const { article } = await create();

      const updated = await service.update(AUTHOR, article.slug, { title: 'A new title' });

      expect(updated.article.slug).toMatch(/^a-new-title-[a-z0-9]{6}$/);
      expect(updated.article.title).toBe('A new title');
    });

    it('should keep the slug when the same title is sent again', async () => {
      const { article } = await create();

      const updated = await service.update(AUTHOR, article.slug, { title: article.title, body: 'Changed' });

      expect(updated.article).toEqual(expect.objectContaining({ slug: article.slug, body: 'Changed' }));
    });

    it('should replace the tags only when a tagList is given', async () => {
      const { article } = await create('Tagged', ['a', 'b']);

      const kept = await service.update(AUTHOR, article.slug, { body: 'x' });
      const replaced = await service.update(AUTHOR, article.slug, { tagList: ['c', 'c'] });

      expect(kept.article.tagList).toEqual(['a', 'b']);
      expect(replaced.article.tagList).toEqual(['c']);
    });

    it("should forbid changing another author's article", async () => {
      const { article } = await create();

      const attempt = service.update(OTHER, article.slug, { body: 'mine now' });

      await expect(attempt).rejects.toThrow(ForbiddenError);
      await expect(attempt).rejects.toMatchObject({ resource: 'article' });
      expect(repository.rows[0].body).toBe('You have to believe');
    });

    it('should answer 404 for an unknown slug', async () => {
      const attempt = service.update(AUTHOR, 'nope', { body: 'x' });

      await expect(attempt).rejects.toThrow(NotFoundError);
      await expect(attempt).rejects.toMatchObject({ resource: 'article' });
    });
  });

  describe('delete', () => {
    it("should delete your article and forbid deleting another author's", async () => {
      const { article } = await create();

      const attempt = service.delete(OTHER, article.slug);

      await expect(attempt).rejects.toThrow(ForbiddenError);
      await expect(attempt).rejects.toMatchObject({ resource: 'article' });
      await service.delete(AUTHOR, article.slug);

      expect(repository.rows).toHaveLength(0);
    });
  });

  describe('favorite', () => {
    it('should count each user once and report favorited for the viewer', async () => {
      const { article } = await create();

      await service.favorite(OTHER, article.slug);
      const { article: again } = await service.favorite(OTHER, article.slug);
      const { article: unfavorited } = await service.unfavorite(OTHER, article.slug);

      expect(again).toEqual(expect.objectContaining({ favorited: true, favoritesCount: 1 }));
      expect(unfavorited).toEqual(expect.objectContaining({ favorited: false, favoritesCount: 0 }));
    });

    it('should answer 404 for an unknown slug', async () => {
      const attempt = service.favorite(OTHER, 'nope');

      await expect(attempt).rejects.toThrow(NotFoundError);
      await expect(attempt).rejects.toMatchObject({ resource: 'article' });
    });
  });
});
