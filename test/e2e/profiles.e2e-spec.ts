import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { ProfilesRepository } from '../../src/profiles/profiles.repository';
import { UserEntity } from '../../src/users/user.entity';
import { api, createArticle, errorShape, follow, registerUser } from '../support/api';
import { createTestApp } from '../support/create-test-app';
import { unique } from '../support/factories';

describe('Profiles (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  describe('GET /api/profiles/:username', () => {
    it('should answer the profile, bio and image always present, whatever the case of the name', async () => {
      const user = await registerUser(app);
      await api(app)
        .put('/api/user', user.token)
        .send({ user: { bio: 'I 🐉', image: 'https://example.com/a.png' } })
        .expect(200);

      const res = await api(app).get(`/api/profiles/${user.username.toUpperCase()}`).expect(200);
      const plain = await registerUser(app);
      const other = await api(app).get(`/api/profiles/${plain.username}`).expect(200);

      expect(res.body).toEqual({
        profile: { username: user.username, bio: 'I 🐉', image: 'https://example.com/a.png', following: false },
      });
      expect(other.body).toEqual({ profile: { username: plain.username, bio: null, image: null, following: false } });
    });

    it('should tell a signed-in viewer whether they follow', async () => {
      const celeb = await registerUser(app);
      const fan = await registerUser(app);
      await follow(app, fan, celeb);

      const asFan = await api(app).get(`/api/profiles/${celeb.username}`, fan.token).expect(200);
      const anonymous = await api(app).get(`/api/profiles/${celeb.username}`).expect(200);

      expect(asFan.body.profile.following).toBe(true);
      expect(anonymous.body.profile.following).toBe(false);
    });

    it('should answer 404 for an unknown username, and for odd characters', async () => {
      const res = await api(app).get(`/api/profiles/nobody_${unique()}`).expect(404);

      expect(res.body).toEqual(errorShape({ profile: 'not found' }));
      await api(app)
        .get(`/api/profiles/${encodeURIComponent("' OR 1=1 --")}`)
        .expect(404, errorShape({ profile: 'not found' }));
    });

    it('should answer 401 for an invalid token even though auth is optional', async () => {
      const user = await registerUser(app);

      const res = await api(app).get(`/api/profiles/${user.username}`, 'not-a-jwt').expect(401);

      expect(res.body).toEqual(errorShape({ token: 'is invalid' }));
    });
  });

  describe('POST and DELETE /api/profiles/:username/follow', () => {
    it('should answer 404 on the profile when its user is deleted while the follow is written', async () => {
      const fan = await registerUser(app);
      const leaving = await registerUser(app);
      const profiles = app.get(ProfilesRepository);
      const findByUsername = profiles.findByUsername.bind(profiles);
      jest.spyOn(profiles, 'findByUsername').mockImplementationOnce(async (username, viewerId) => {
        const found = await findByUsername(username, viewerId);
        await app.get(DataSource).getRepository(UserEntity).delete({ username: leaving.username });
        return found;
      });

      const res = await api(app).post(`/api/profiles/${leaving.username}/follow`, fan.token).expect(404);

      expect(res.body).toEqual(errorShape({ profile: 'not found' }));
    });

    it('should follow idempotently and put the author in the feed once', async () => {
      const author = await registerUser(app);
      const reader = await registerUser(app);
      await createArticle(app, author);

      const first = await api(app).post(`/api/profiles/${author.username}/follow`, reader.token).expect(200);
      const second = await api(app).post(`/api/profiles/${author.username}/follow`, reader.token).send({}).expect(200);

      expect(first.body).toEqual({ profile: { username: author.username, bio: null, image: null, following: true } });
      expect(second.body).toEqual(first.body);
      const feed = await api(app).get('/api/articles/feed', reader.token).expect(200);
      expect(feed.body.articlesCount).toBe(1);
    });

    it('should unfollow idempotently', async () => {
      const author = await registerUser(app);
      const reader = await registerUser(app);
      await follow(app, reader, author);

      const first = await api(app).delete(`/api/profiles/${author.username}/follow`, reader.token).expect(200);
      const second = await api(app).delete(`/api/profiles/${author.username}/follow`, reader.token).expect(200);

      expect(first.body).toEqual({ profile: { username: author.username, bio: null, image: null, following: false } });
      expect(second.body).toEqual(first.body);
      const profile = await api(app).get(`/api/profiles/${author.username}`, reader.token).expect(200);
      expect(profile.body.profile.following).toBe(false);
    });

    it('should answer 422 for following yourself and change nothing', async () => {
      const user = await registerUser(app);

      const res = await api(app).post(`/api/profiles/${user.username.toUpperCase()}/follow`, user.token).expect(422);

      expect(res.body).toEqual(errorShape({ username: 'is your own: you cannot follow yourself' }));
      const profile = await api(app).get(`/api/profiles/${user.username}`, user.token).expect(200);
      expect(profile.body.profile.following).toBe(false);
    });

    it('should answer 404 for an unknown username and 401 without a token', async () => {
      const user = await registerUser(app);
      const other = await registerUser(app);

      const missing = await api(app).post(`/api/profiles/nobody_${unique()}/follow`, user.token).expect(404);
      await api(app)
        .delete(`/api/profiles/nobody_${unique()}/follow`, user.token)
        .expect(404, errorShape({ profile: 'not found' }));
      await api(app)
        .post(`/api/profiles/${other.username}/follow`)
        .expect(401, errorShape({ token: 'is missing' }));
      await api(app)
        .delete(`/api/profiles/${other.username}/follow`)
        .expect(401, errorShape({ token: 'is missing' }));

      expect(missing.body).toEqual(errorShape({ profile: 'not found' }));
    });
  });
});
