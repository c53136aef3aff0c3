import { FakeProfilesRepository } from '../../test/fakes/fake-profiles.repository';
import { NotFoundError, SelfFollowError } from '../common/errors/api-errors';
import { ProfilesRepository } from './profiles.repository';
import { ProfilesService } from './profiles.service';

describe(ProfilesService.name, () => {
  let repository: FakeProfilesRepository;
  let service: ProfilesService;

  beforeEach(() => {
    repository = new FakeProfilesRepository();
    repository.addUser(1, 'Jake');
    repository.addUser(2, 'celeb');
    service = new ProfilesService(repository as unknown as ProfilesRepository);
  });

  describe('getProfile', () => {
    it('should find a profile whatever the case of the username', async () => {
      await expect(service.getProfile('JAKE')).resolves.toEqual({
        profile: { username: 'Jake', bio: null, image: null, following: false },
      });
    });

    it('should answer 404 for an unknown username', async () => {
      const attempt = service.getProfile('nobody');

      await expect(attempt).rejects.toThrow(NotFoundError);
      await expect(attempt).rejects.toMatchObject({ resource: 'profile' });
    });
  });

  describe('follow', () => {
    it('should follow and answer following: true, twice without harm', async () => {
      await service.follow(1, 'celeb');
      const { profile } = await service.follow(1, 'celeb');

      expect(profile.following).toBe(true);
      expect([...repository.follows]).toEqual(['1:2']);
    });

    it('should refuse to follow yourself (a 422 on username)', async () => {
      await expect(service.follow(1, 'jake')).rejects.toThrow(SelfFollowError);
      expect(repository.follows.size).toBe(0);
    });
  });

  describe('unfollow', () => {
    it('should unfollow and answer following: false, also when not following', async () => {
      await service.follow(1, 'celeb');

      await expect(service.unfollow(1, 'celeb')).resolves.toEqual({
        profile: expect.objectContaining({ username: 'celeb', following: false }),
      });
      await expect(service.unfollow(1, 'celeb')).resolves.toBeDefined();
      expect(repository.follows.size).toBe(0);
    });
  });
});
