export class Profile {
  /** @example jake */
  username!: string;
  /** @example I work at statefarm */
  bio!: string | null;
  /** @example https://api.realworld.io/images/smiley-cyrus.jpg */
  image!: string | null;
  /** Whether the current user follows this profile; false when anonymous. */
  following!: boolean;
}

export class ProfileResponse {
  profile!: Profile;
}

/** What a repository answers about a user seen by a viewer. */
export interface ProfileRow {
  id: number;
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

export const toProfile = (row: Omit<ProfileRow, 'id'>): Profile => ({
  username: row.username,
  bio: row.bio,
  image: row.image,
  following: row.following,
});
