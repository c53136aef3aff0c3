import { Injectable } from '@nestjs/common';
import { NotFoundError, SelfFollowError } from '../common/errors/api-errors';
import { ProfileResponse, ProfileRow, toProfile } from './profile.dto';
import { ProfilesRepository } from './profiles.repository';

@Injectable()
export class ProfilesService {
  constructor(private readonly profiles: ProfilesRepository) {}

  async getProfile(username: string, viewerId?: number): Promise<ProfileResponse> {
    return { profile: toProfile(await this.findOrFail(username, viewerId)) };
  }

  async follow(viewerId: number, username: string): Promise<ProfileResponse> {
    const target = await this.findOrFail(username, viewerId);
    if (target.id === viewerId) {
      throw new SelfFollowError();
    }
    await this.profiles.follow(viewerId, target.id);
    return { profile: toProfile({ ...target, following: true }) };
  }

  async unfollow(viewerId: number, username: string): Promise<ProfileResponse> {
    const target = await this.findOrFail(username, viewerId);
    await this.profiles.unfollow(viewerId, target.id);
    return { profile: toProfile({ ...target, following: false }) };
  }

  private async findOrFail(username: string, viewerId?: number): Promise<ProfileRow> {
    const profile = await this.profiles.findByUsername(username, viewerId);
    if (!profile) {
      throw new NotFoundError('profile');
    }
    return profile;
  }
}
