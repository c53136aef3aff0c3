import { ProfileRow } from '../../src/profiles/profile.dto';
import { ProfilesRepository } from '../../src/profiles/profiles.repository';

/** In-memory ProfilesRepository: users by username (any case) and a set of follow pairs. */
export class FakeProfilesRepository implements Pick<ProfilesRepository, keyof ProfilesRepository> {
  readonly users: Omit<ProfileRow, 'following'>[] = [];
  readonly follows = new Set<string>();

  addUser(id: number, username: string): void {
    this.users.push({ id, username, bio: null, image: null });
  }

  findByUsername(username: string, viewerId?: number): Promise<ProfileRow | null> {
    const user = this.users.find((row) => row.username.toLowerCase() === username.toLowerCase());
    return Promise.resolve(user ? { ...user, following: this.follows.has(`${viewerId}:${user.id}`) } : null);
  }

  follow(followerId: number, followeeId: number): Promise<void> {
    this.follows.add(`${followerId}:${followeeId}`);
    return Promise.resolve();
  }

  unfollow(followerId: number, followeeId: number): Promise<void> {
    this.follows.delete(`${followerId}:${followeeId}`);
    return Promise.resolve();
  }
}
