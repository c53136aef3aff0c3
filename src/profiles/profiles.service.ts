import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
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
      throw new UnprocessableEntityException('username is your own: you cannot follow yourself');
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
      throw new NotFoundException('profile not found');
    }
    return profile;
  }
}
